using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Doorman.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class LocalMfa : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "RequireMfa",
                table: "IdentityProviders",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ProtectedTotpSecret",
                table: "Accounts",
                type: "character varying(1024)",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "RecoveryCodes",
                table: "Accounts",
                type: "text[]",
                nullable: false);

            migrationBuilder.AddColumn<bool>(
                name: "RequireMfa",
                table: "Accounts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "TotpLastStep",
                table: "Accounts",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RequireMfa",
                table: "IdentityProviders");

            migrationBuilder.DropColumn(
                name: "ProtectedTotpSecret",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "RecoveryCodes",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "RequireMfa",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "TotpLastStep",
                table: "Accounts");
        }
    }
}
