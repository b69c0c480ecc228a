using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Doorman.Data.Postgres;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for PostgreSQL; never used at run time.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<DoormanDbContext>
{
    public DoormanDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<DoormanDbContext>()
            .UseNpgsql("Host=localhost;Database=doorman_design", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
            .Options);
}
