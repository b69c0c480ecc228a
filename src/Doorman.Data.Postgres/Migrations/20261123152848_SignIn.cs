using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Doorman.Data.Postgres.Migrations
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
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ResponseMode",
                table: "IdentityProviders",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "query");

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
                nullable: false,
                // Accounts from before this migration have no recovery codes.
                defaultValue: new string[0]);

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

            migrationBuilder.CreateTable(
                name: "SsoFlows",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    StateHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    BrowserHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Nonce = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    CodeVerifier = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    LinkAccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    TestByAccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReturnUrl = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
