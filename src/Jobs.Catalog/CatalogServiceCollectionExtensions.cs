using Jobs.Catalog.Children;
using Jobs.Catalog.Files;
using Jobs.Catalog.Hierarchies;
using Jobs.Catalog.Persistence;
using Jobs.Catalog.Products;
using Jobs.Catalog.Prices;
using Jobs.Contracts;
using Jobs.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Jobs.Catalog;

/// <summary>Registers the catalog, its file store and the handlers of the five job types.</summary>
public static class CatalogServiceCollectionExtensions
{
    /// <summary>How each job type's catalog handler is registered.</summary>
    static readonly Dictionary<string, Action<IServiceCollection>> Handlers = new(StringComparer.Ordinal)
    {
        [JobTypes.ProductImport] = s => s.AddSingleton<IJobHandler, ProductImportHandler>(),
        [JobTypes.ProductExport] = s => s.AddSingleton<IJobHandler, ProductExportHandler>(),
        [JobTypes.HierarchyDuplicate] = s => s.AddSingleton<IJobHandler, HierarchyDuplicateHandler>(),
        [JobTypes.ChildProducts] = s => s.AddSingleton<IJobHandler, ChildProductsHandler>(),
        [JobTypes.PriceImport] = s => s.AddSingleton<IJobHandler, PriceImportHandler>(),
    };

    /// <summary>
    /// The catalog's tables (in the jobs database: <paramref name="postgres"/> or SQLite at
    /// <paramref name="connectionString"/>) and the file store (<c>Jobs:Files</c>). A worker's migration brings the catalog's
    /// tables up to date with the jobs' own.
    /// </summary>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddCatalog(this IServiceCollection services, IConfiguration configuration, bool postgres, string connectionString)
    {
        services.TryAddSingleton(TimeProvider.System);
        if (postgres)
        {
            services.AddPooledDbContextFactory<PostgresCatalogDbContext>(o =>
                o.UseNpgsql(connectionString, n => n.MigrationsHistoryTable(PostgresCatalogDbContext.MigrationsHistoryTable)));
            services.AddSingleton<IDbContextFactory<CatalogDbContext>, CatalogContexts<PostgresCatalogDbContext>>();
        }
        else
        {
            services.AddPooledDbContextFactory<SqliteCatalogDbContext>(o =>
                o.UseSqlite(connectionString, s => s.MigrationsHistoryTable(SqliteCatalogDbContext.MigrationsHistoryTable)));
            services.AddSingleton<IDbContextFactory<CatalogDbContext>, CatalogContexts<SqliteCatalogDbContext>>();
        }

        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContext());
        services.AddOptions<FileStoreOptions>().Bind(configuration.GetSection(FileStoreOptions.SectionName));
        services.TryAddSingleton<IFileStore, LocalFileStore>();
        return services;
    }

    /// <summary>
    /// The in-process handlers of <paramref name="jobTypes"/> (a worker passes every type it does not send to another
    /// service): the catalog work each job type does.
    /// </summary>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddCatalogJobHandlers(this IServiceCollection services, IEnumerable<string> jobTypes)
    {
        foreach (var jobType in jobTypes)
            Handlers[jobType](services);

        return services;
    }
}
