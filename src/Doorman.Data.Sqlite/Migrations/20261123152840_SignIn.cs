using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Doorman.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SignIn : Migration
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
                name: "ResponseMode",
                table: "IdentityProviders",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "query");

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

            migrationBuilder.CreateTable(
                name: "SsoFlows",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    StateHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    BrowserHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Nonce = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    CodeVerifier = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    LinkAccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TestByAccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReturnUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SsoFlows", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SsoFlows_IdentityProviders_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "IdentityProviders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SsoFlows_ExpiresAt",
                table: "SsoFlows",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_SsoFlows_ProviderId",
                table: "SsoFlows",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_SsoFlows_StateHash",
                table: "SsoFlows",
                column: "StateHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SsoFlows");

            migrationBuilder.DropColumn(
                name: "RequireMfa",
                table: "IdentityProviders");

            migrationBuilder.DropColumn(
                name: "ResponseMode",
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
