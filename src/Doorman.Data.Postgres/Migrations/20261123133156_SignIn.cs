using System;
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
            migrationBuilder.AddColumn<string>(
                name: "ResponseMode",
                table: "IdentityProviders",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "query");

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
                name: "ResponseMode",
                table: "IdentityProviders");
        }
    }
}
