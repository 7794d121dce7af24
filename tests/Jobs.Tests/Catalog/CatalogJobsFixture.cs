using System.Net;
using Jobs.Catalog.Persistence;
using Jobs.Tests.Api;
using Jobs.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.Catalog;

/// <summary>
/// One API in embedded mode with the catalog's real handlers on SQLite, shared by the specs of a class; specs seed
/// the catalog through <see cref="Catalog"/> with ids of their own, so that they do not see each other's rows.
/// </summary>
public sealed class CatalogJobsFixture : IAsyncLifetime
{
    public JobsApiFactory Factory { get; private set; } = null!;

    public ApiDriver Api { get; private set; } = null!;

    public IDbContextFactory<CatalogDbContext> Catalog => Factory.Services.GetRequiredService<IDbContextFactory<CatalogDbContext>>();

    public async ValueTask InitializeAsync()
    {
        Factory = new JobsApiFactory(catalog: true);
        Api = new ApiDriver(Factory);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetAsync("/pcm/jobs")).Status);
    }

    /// <summary>Writes rows to the catalog, as another part of the catalog would have.</summary>
    public async Task SeedAsync(Action<CatalogDbContext> add)
    {
        await using var db = await Catalog.CreateDbContextAsync(TestContext.Current.CancellationToken);
        add(db);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Reads the catalog as it is now.</summary>
    public async Task<T> ReadAsync<T>(Func<CatalogDbContext, Task<T>> read)
    {
        await using var db = await Catalog.CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await read(db);
    }

    /// <summary>The job created by a 201 answer.</summary>
    public static Guid CreatedJob(ApiResponse response)
    {
        Assert.True(response.Status == HttpStatusCode.Created, $"expected 201, got {(int)response.Status} {response.Body}");
        return Guid.Parse(response.Json["data"]!["id"]!.GetValue<string>());
    }

    /// <summary>The messages of a job's errors.</summary>
    public async Task<List<string>> ErrorsAsync(Guid jobId)
    {
        var response = await Api.GetAsync($"/pcm/jobs/{jobId}/errors");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return [.. response.Json["data"]!.AsArray().Select(e => e!["attributes"]!["message"]!.GetValue<string>())];
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
