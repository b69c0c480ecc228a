using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Doorman.Data.Sqlite.Migrations
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
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ProtectedTotpSecret",
                table: "Accounts",
                type: "TEXT",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RecoveryCodes",
                table: "Accounts",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<bool>(
                name: "RequireMfa",
                table: "Accounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "TotpLastStep",
                table: "Accounts",
                type: "INTEGER",
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
