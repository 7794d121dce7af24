using Jobs.Worker.SagaRepository;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Tests.SagaRepository;

/// <summary>
/// The EF Core saga repository's contract, run against each database by a subclass: concurrent events for
/// one saga are applied one after the other, a missing instance is reported, racing inserts of one saga
/// end in one row, and a finalized saga is deleted.
/// </summary>
public abstract class SagaRepositorySpecs
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract void UseDatabase(DbContextOptionsBuilder options);

    [Fact]
    public async Task Concurrent_events_for_one_saga_are_applied_one_after_the_other()
    {
        await using var provider = await StartAsync();
        var harness = provider.GetTestHarness();
        var counterId = Guid.NewGuid();

        // The first of these inserts the saga and the others race it: every one must count exactly once.
        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => harness.Bus.Publish(new Increment(counterId), Ct)));

        await WaitForCountAsync(harness, counterId, 100);
        Assert.Equal(100, (await ReadAsync(provider, counterId))!.Count);
    }

    [Fact]
    public async Task Racing_first_events_create_one_saga()
    {
        await using var provider = await StartAsync();
        var harness = provider.GetTestHarness();
        var counterIds = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(counterIds.SelectMany(id => new[] { harness.Bus.Publish(new Increment(id), Ct), harness.Bus.Publish(new Increment(id), Ct) }));

        foreach (var counterId in counterIds)
            await WaitForCountAsync(harness, counterId, 2);
        await using var scope = provider.CreateAsyncScope();
        Assert.Equal(20, await scope.ServiceProvider.GetRequiredService<CounterDbContext>().Set<CounterState>().CountAsync(Ct));
    }

    [Fact]
    public async Task An_event_for_a_missing_saga_goes_to_its_missing_instance_handler()
    {
        await using var provider = await StartAsync();
        var client = provider.GetTestHarness().GetRequestClient<ReadCount>();
        var counterId = Guid.NewGuid();

        var response = await client.GetResponse<CountIs, CounterNotFound>(new ReadCount(counterId), Ct);

        Assert.True(response.Is(out Response<CounterNotFound>? notFound));
        Assert.Equal(counterId, notFound.Message.CounterId);
        Assert.Null(await ReadAsync(provider, counterId));
    }

    [Fact]
    public async Task A_finalized_saga_is_deleted()
    {
        await using var provider = await StartAsync();
        var harness = provider.GetTestHarness();
        var counterId = Guid.NewGuid();
        await harness.Bus.Publish(new Increment(counterId), Ct);
        await WaitForCountAsync(harness, counterId, 1);

        await harness.Bus.Publish(new Discard(counterId), Ct);

        var response = await Eventually(async () =>
            await harness.GetRequestClient<ReadCount>().GetResponse<CountIs, CounterNotFound>(new ReadCount(counterId), Ct),
            r => r.Is(out Response<CounterNotFound>? _));
        Assert.True(response.Is(out Response<CounterNotFound>? _));
        Assert.Null(await ReadAsync(provider, counterId));
    }

    [Fact]
    public async Task The_test_harness_sees_saved_instances()
    {
        await using var provider = await StartAsync();
        var harness = provider.GetTestHarness();
        var counterId = Guid.NewGuid();

        await harness.Bus.Publish(new Increment(counterId), Ct);

        var saga = harness.GetSagaStateMachineHarness<CounterStateMachine, CounterState>();
        Assert.NotNull(await saga.Exists(counterId, x => x.Counting));
    }

    async Task<ServiceProvider> StartAsync()
    {
        var services = new ServiceCollection();
        services.AddDbContext<CounterDbContext>(UseDatabase);
        services.AddMassTransitTestHarness(x =>
        {
            x.AddSagaStateMachine<CounterStateMachine, CounterState>(c => c.UseMessageRetry(r => r.Immediate(20)))
                .DbContextRepository<CounterState, CounterDbContext>()
                .Endpoint(e => e.ConcurrentMessageLimit = 16);
        });
        var provider = services.BuildServiceProvider(validateScopes: true);
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CounterDbContext>();
            await db.Database.EnsureDeletedAsync(Ct);
            await db.Database.EnsureCreatedAsync(Ct);
        }

        await provider.GetTestHarness().Start();
        return provider;
    }

    static async Task<CounterState?> ReadAsync(IServiceProvider provider, Guid counterId)
    {
        await using var scope = provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CounterDbContext>().Set<CounterState>().AsNoTracking()
            .SingleOrDefaultAsync(x => x.CorrelationId == counterId, Ct);
    }

    static async Task WaitForCountAsync(ITestHarness harness, Guid counterId, int count) =>
        await Eventually(
            async () => await harness.GetRequestClient<ReadCount>().GetResponse<CountIs, CounterNotFound>(new ReadCount(counterId), Ct),
            r => r.Is(out Response<CountIs>? c) && c.Message.Count == count);

    static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var value = await read();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting; last value {value}.");
            await Task.Delay(TimeSpan.FromMilliseconds(20), Ct);
        }
    }
}
