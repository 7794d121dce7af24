using System.Net;
using Jobs.Contracts;
using Jobs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Jobs.Tests.Api;

/// <summary>
/// The clock the API specs hold: <see cref="JobsApiFactory"/> puts its <see cref="FakeTimeProvider"/> in the place of
/// the <c>TimeProvider.System</c> that the worker registers, so every time the API shows is one a spec set.
/// </summary>
public sealed class Clock_Specs
{
    [Fact]
    public async Task The_factory_clock_is_the_only_time_provider_of_the_api_and_its_worker()
    {
        var clock = new FakeTimeProvider(JobsApiFactory.DefaultStart);
        await using var factory = new JobsApiFactory(clock: clock);

        // The worker registered TimeProvider.System before the factory's services are configured; none is left.
        Assert.Same(clock, Assert.Single(factory.Services.GetServices<TimeProvider>()));
    }

    [Fact]
    public async Task Every_timestamp_is_the_clock_time_in_utc_cut_to_the_millisecond()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 4, 5, 6, 7, 123, TimeSpan.Zero).AddTicks(9_999));
        await using var factory = new JobsApiFactory(clock: clock);
        var api = new ApiDriver(factory);
        var id = await api.SubmitAsync(JobTypes.ProductImport, "block");
        await api.Script.StartedAsync(id);
        clock.SetUtcNow(new DateTimeOffset(2026, 3, 4, 5, 6, 8, 999, TimeSpan.Zero).AddTicks(5_000));
        api.Script.Release(id);
        await api.WaitForStatusAsync(id, JobStatuses.Success);

        var response = await api.GetAsync($"/pcm/jobs/{id}");

        response.Is(HttpStatusCode.OK, $$"""
            {"data":{"id":"{{id}}","type":"pim-job",
             "attributes":{"type":"product-import","status":"success",
                           "created_at":"2026-03-04T05:06:07.123Z","updated_at":"2026-03-04T05:06:08.999Z",
                           "started_at":"2026-03-04T05:06:07.123Z","completed_at":"2026-03-04T05:06:08.999Z"},
             "meta":{"x_request_id":"{{ApiDriver.RequestIdOf(id)}}"} } }
            """);
    }
}
