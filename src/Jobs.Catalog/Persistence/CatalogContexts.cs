using Microsoft.EntityFrameworkCore;

namespace Jobs.Catalog.Persistence;

/// <summary>
/// The catalog's contexts as <see cref="CatalogDbContext"/>, whichever provider is configured: job handlers open one
/// per batch from here (pooled), the API's endpoints get a scoped one.
/// </summary>
sealed class CatalogContexts<TContext>(IDbContextFactory<TContext> provider) : IDbContextFactory<CatalogDbContext>
    where TContext : CatalogDbContext
{
    public CatalogDbContext CreateDbContext() => provider.CreateDbContext();
}
