using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Tests.SagaRepository;

/// <summary>A saga that only counts, to test the repository apart from the job saga.</summary>
public class CounterState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    public int Count { get; set; }
}

public record Increment(Guid CounterId);

public record ReadCount(Guid CounterId);

public record Discard(Guid CounterId);

public record CountIs(Guid CounterId, int Count);

public record CounterNotFound(Guid CounterId);

public sealed class CounterStateMachine : MassTransitStateMachine<CounterState>
{
    public CounterStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => Increment, x => x.CorrelateById(m => m.Message.CounterId));
        Event(() => ReadCount, x =>
        {
            x.CorrelateById(m => m.Message.CounterId);
            x.OnMissingInstance(m => m.ExecuteAsync(c => c.RespondAsync(new CounterNotFound(c.Message.CounterId))));
        });
        Event(() => Discard, x =>
        {
            x.CorrelateById(m => m.Message.CounterId);
            x.OnMissingInstance(m => m.Discard());
        });

        Initially(When(Increment).Then(c => c.Saga.Count = 1).TransitionTo(Counting));
        During(Counting,
            When(Increment).Then(c => c.Saga.Count++),
            When(ReadCount).Respond(c => new CountIs(c.Saga.CorrelationId, c.Saga.Count)),
            When(Discard).Finalize());
        SetCompletedWhenFinalized();
    }

    public State Counting { get; private set; } = null!;

    public Event<Increment> Increment { get; private set; } = null!;

    public Event<ReadCount> ReadCount { get; private set; } = null!;

    public Event<Discard> Discard { get; private set; } = null!;
}

public sealed class CounterDbContext(DbContextOptions<CounterDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<CounterState>(b =>
        {
            b.ToTable("counters");
            b.HasKey(x => x.CorrelationId);
            b.Property(x => x.CorrelationId).ValueGeneratedNever();
        });
}
