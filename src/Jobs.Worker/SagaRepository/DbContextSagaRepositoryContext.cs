using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Worker.SagaRepository;

/// <summary>The repository as one message sees it: load, add, save, inside the factory's transaction.</summary>
sealed class DbContextSagaRepositoryContext<TSaga, TContext, TMessage> :
    ConsumeContextScope<TMessage>,
    SagaRepositoryContext<TSaga, TMessage>
    where TSaga : class, ISaga
    where TContext : DbContext
    where TMessage : class
{
    readonly TContext _dbContext;
    readonly ConsumeContext<TMessage> _consumeContext;
    readonly ISagaConsumeContextFactory<TContext, TSaga> _factory;

    public DbContextSagaRepositoryContext(TContext dbContext, ConsumeContext<TMessage> consumeContext, ISagaConsumeContextFactory<TContext, TSaga> factory)
        : base(consumeContext, dbContext)
    {
        _dbContext = dbContext;
        _consumeContext = consumeContext;
        _factory = factory;
    }

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        _factory.CreateSagaConsumeContext(_dbContext, _consumeContext, instance, SagaConsumeContextMode.Add);

    // Insert-on-initial (writing a new saga's row before its first event runs) is a MassTransit option Jobs does
    // not use: a new saga's row is written together with the outcome of its first event, by Save.
    public Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance) =>
        throw new NotSupportedException("This saga repository does not support insert-on-initial; a new saga is saved after its first event.");

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var instance = await _dbContext.FindLockedAsync<TSaga>(correlationId, CancellationToken);
        return instance is null
            ? null!
            : await _factory.CreateSagaConsumeContext(_dbContext, _consumeContext, instance, SagaConsumeContextMode.Load);
    }

    public async Task Save(SagaConsumeContext<TSaga> context)
    {
        _dbContext.Set<TSaga>().Add(context.Saga);
        await _dbContext.SaveChangesAsync(CancellationToken);
    }

    public Task Update(SagaConsumeContext<TSaga> context) => _dbContext.SaveChangesAsync(CancellationToken);

    public async Task Delete(SagaConsumeContext<TSaga> context)
    {
        _dbContext.Set<TSaga>().Remove(context.Saga);
        await _dbContext.SaveChangesAsync(CancellationToken);
    }

    public Task Discard(SagaConsumeContext<TSaga> context)
    {
        DetachIfTracked(context.Saga);
        return Task.CompletedTask;
    }

    public Task Undo(SagaConsumeContext<TSaga> context)
    {
        DetachIfTracked(context.Saga);
        return Task.CompletedTask;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> consumeContext, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        _factory.CreateSagaConsumeContext(_dbContext, consumeContext, instance, mode);

    void DetachIfTracked(TSaga saga)
    {
        var entry = _dbContext.ChangeTracker.Entries<TSaga>().FirstOrDefault(x => x.Entity.CorrelationId == saga.CorrelationId);
        if (entry is not null)
            entry.State = EntityState.Detached;
    }
}
