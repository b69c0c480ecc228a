using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Doorman.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SignInPauses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "FailedMfaAttempts",
                table: "Accounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "FailedPasswordAttempts",
                table: "Accounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "MfaLockedUntil",
                table: "Accounts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PasswordLockedUntil",
                table: "Accounts",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FailedMfaAttempts",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "FailedPasswordAttempts",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "MfaLockedUntil",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "PasswordLockedUntil",
                table: "Accounts");
        }
    }
}
