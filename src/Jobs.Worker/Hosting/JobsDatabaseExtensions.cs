using System.Data.Common;
using Jobs.Worker.Options;
using Jobs.Worker.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Jobs.Worker.Hosting;

/// <summary>Registers the jobs database for the configured provider.</summary>
public static class JobsDatabaseExtensions
{
    /// <summary>
    /// Registers <see cref="JobsDbContext"/> (scoped, pooled: the saga and the runner create one per message) for
    /// <c>Jobs:Database</c> with <c>ConnectionStrings:Jobs</c> (see <see cref="GetJobsDatabase"/>). With
    /// <paramref name="migrate"/>, the schema is brought up to date when the host starts (the worker's job; an
    /// API that only reads leaves it alone).
    /// </summary>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddJobsDatabase(this IServiceCollection services, IConfiguration configuration, bool migrate)
    {
        if (migrate)
            services.AddHostedService<DatabaseMigrator>();

        var database = configuration.GetJobsDatabase();
        if (database.Provider == JobsDatabase.Postgres)
            services.AddDbContextPool<JobsDbContext, PostgresJobsDbContext>(o => o.UseJobsDatabase(database));
        else
            services.AddDbContextPool<JobsDbContext, SqliteJobsDbContext>(o => o.UseJobsDatabase(database));
        return services;
    }

    /// <summary>
    /// Where the jobs database is: <c>Jobs:Database</c> with <c>ConnectionStrings:Jobs</c>, read when services
    /// are registered, so that a process with a wrong setting fails as it starts. SQLite defaults to
    /// <c>jobs.db</c> in the working directory; PostgreSQL needs a connection string.
    /// </summary>
    public static JobsDatabaseConnection GetJobsDatabase(this IConfiguration configuration)
    {
        var provider = configuration.GetJobsOptions().Database;
        var connectionString = configuration.GetConnectionString("Jobs");
        if (provider == JobsDatabase.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException("Jobs:Database is Postgres, so ConnectionStrings:Jobs must hold a PostgreSQL connection string.");
            return new JobsDatabaseConnection(provider, Tuned(connectionString));
        }

        return new JobsDatabaseConnection(provider, string.IsNullOrWhiteSpace(connectionString) ? JobsOptions.DefaultSqliteConnectionString : connectionString);
    }

    /// <summary>Points a DbContext at the jobs database. The worker's context and the API's read model both connect this way.</summary>
    /// <returns>The same builder, so that calls can be chained.</returns>
    public static DbContextOptionsBuilder UseJobsDatabase(this DbContextOptionsBuilder options, JobsDatabaseConnection database) =>
        database.Provider == JobsDatabase.Postgres
            ? options.UseNpgsql(database.ConnectionString, n => n.MigrationsHistoryTable(PostgresJobsDbContext.MigrationsHistoryTable))
            : options.UseSqlite(database.ConnectionString, s => s.MigrationsHistoryTable(SqliteJobsDbContext.MigrationsHistoryTable));

    /// <summary>
    /// Jobs runs the same few statements over and over on pooled connections: let Npgsql prepare them, and
    /// skip the reset a pooled connection otherwise gets on reuse (which would also drop those statements).
    /// Settings already in the connection string win.
    /// </summary>
    static string Tuned(string connectionString)
    {
        // NpgsqlConnectionStringBuilder.ContainsKey answers true for every keyword it knows, set or not: what the string
        // itself says is read from a plain builder, under either spelling.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
            builder.MaxAutoPrepare = 32;
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
            builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    /// <summary>The <c>Jobs</c> section, with defaults for what it leaves out.</summary>
    public static JobsOptions GetJobsOptions(this IConfiguration configuration) =>
        configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
}

/// <summary>The jobs database's provider and connection string, as configured.</summary>
public sealed record JobsDatabaseConnection(JobsDatabase Provider, string ConnectionString);
