using Jobs.Worker.Options;
using Jobs.Worker.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the jobs database for the configured provider.</summary>
public static class JobsDatabaseExtensions
{
    /// <summary>
    /// Registers <see cref="JobsDbContext"/> (scoped) for <c>Jobs:Database</c> with <c>ConnectionStrings:Jobs</c>.
    /// SQLite defaults to <c>jobs.db</c> in the working directory; PostgreSQL needs a connection string.
    /// With <paramref name="migrate"/>, the schema is brought up to date when the host starts (the worker's
    /// job; an API that only reads leaves it alone).
    /// </summary>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddJobsDatabase(this IServiceCollection services, IConfiguration configuration, bool migrate)
    {
        if (migrate)
            services.AddHostedService<DatabaseMigrator>();

        var options = configuration.GetJobsOptions();
        var connectionString = configuration.GetConnectionString("Jobs");
        switch (options.Database)
        {
            case JobsDatabase.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                    throw new InvalidOperationException("Jobs:Database is Postgres, so ConnectionStrings:Jobs must hold a PostgreSQL connection string.");
                services.AddDbContext<JobsDbContext, PostgresJobsDbContext>(o =>
                    o.UseNpgsql(connectionString, n => n.MigrationsHistoryTable(PostgresJobsDbContext.MigrationsHistoryTable)));
                break;
            default:
                services.AddDbContext<JobsDbContext, SqliteJobsDbContext>(o =>
                    o.UseSqlite(string.IsNullOrWhiteSpace(connectionString) ? JobsOptions.DefaultSqliteConnectionString : connectionString,
                        s => s.MigrationsHistoryTable(SqliteJobsDbContext.MigrationsHistoryTable)));
                break;
        }

        return services;
    }

    /// <summary>The <c>Jobs</c> section, with defaults for what it leaves out.</summary>
    public static JobsOptions GetJobsOptions(this IConfiguration configuration) =>
        configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
}
