using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Doorman.Data.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for SQLite; never used at run time.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<DoormanDbContext>
{
    public DoormanDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<DoormanDbContext>()
            .UseSqlite("Data Source=design.db", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
            .Options);
}
