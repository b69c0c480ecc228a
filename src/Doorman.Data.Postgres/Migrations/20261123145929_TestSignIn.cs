using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Doorman.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TestSignIn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "TestByAccountId",
                table: "SsoFlows",
                type: "uuid",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TestByAccountId",
                table: "SsoFlows");
        }
    }
}
