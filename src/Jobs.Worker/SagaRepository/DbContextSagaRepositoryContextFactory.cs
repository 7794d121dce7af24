using System.Data;
using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace Jobs.Worker.SagaRepository;

/// <summary>
/// MassTransit's saga repository over an EF Core <see cref="DbContext"/>. Every message for a saga runs in
/// one database transaction: the instance is loaded with a row lock, the state machine changes it, and the
/// change commits before the message is acknowledged. Two messages for one saga therefore run one after
/// the other, and an insert race for a new saga ends in a unique-key violation that MassTransit retries.
/// </summary>
/// <remarks>
/// Resolved per message scope, so the DbContext is the one the saga's activities see too, and so is
/// <see cref="AfterCommit"/>, whose work runs once the transaction has committed.
/// </remarks>
public sealed class DbContextSagaRepositoryContextFactory<TSaga, TContext>(
    TContext dbContext,
    ISagaConsumeContextFactory<TContext, TSaga> consumeContextFactory,
    AfterCommit afterCommit) :
    ISagaRepositoryContextFactory<TSaga>,
    ILoadSagaRepositoryContextFactory<TSaga>,
    IQuerySagaRepositoryContextFactory<TSaga>
    where TSaga : class, ISaga
    where TContext : DbContext
{
    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class
    {
        await InTransaction(async () =>
        {
            var repositoryContext = new DbContextSagaRepositoryContext<TSaga, TContext, T>(dbContext, context, consumeContextFactory);
            await next.Send(repositoryContext);
        }, context.CancellationToken);
    }

    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class
    {
        await InTransaction(async () =>
        {
            var ids = await dbContext.Set<TSaga>().AsNoTracking()
                .Where(query.FilterExpression)
                .Select(x => x.CorrelationId)
                .OrderBy(x => x)
                .ToListAsync(context.CancellationToken);

            // Lock in id order so that two queries over overlapping sagas cannot deadlock.
            var instances = new List<TSaga>(ids.Count);
            foreach (var id in ids)
            {
                var instance = await dbContext.FindLockedAsync<TSaga>(id, context.CancellationToken);
                if (instance is not null && query.GetFilter()(instance))
                    instances.Add(instance);
            }

            var repositoryContext = new DbContextSagaRepositoryContext<TSaga, TContext, T>(dbContext, context, consumeContextFactory);
            await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repositoryContext, instances));
        }, context.CancellationToken);
    }

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new DbContextSagaReadContext<TSaga>(dbContext, cancellationToken));

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new DbContextSagaReadContext<TSaga>(dbContext, cancellationToken));

    public void Probe(ProbeContext context)
    {
        context.Add("persistence", "ef-core");
        context.Add("provider", dbContext.Database.ProviderName ?? "unknown");
    }

    async Task InTransaction(Func<Task> work, CancellationToken cancellationToken)
    {
        // A retried message starts over: nothing an earlier attempt queued survives it.
        afterCommit.Clear();
        // Read committed plus an explicit row lock is enough for one-row-per-saga updates, and unlike
        // serializable it never fails a transaction merely because another job committed meanwhile.
        await using (var transaction = await dbContext.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken))
        {
            // A failed save fails the whole message, which rolls the transaction back and starts over: the savepoint EF
            // Core would otherwise set and release around every save (two round trips) protects nothing.
            dbContext.Database.AutoSavepointsEnabled = false;
            try
            {
                await work();
                await transaction.CommitAsync(cancellationToken);
            }
            catch
            {
                dbContext.ChangeTracker.Clear();
                afterCommit.Clear();
                throw;
            }
        }

        await afterCommit.RunAsync();
    }
}
