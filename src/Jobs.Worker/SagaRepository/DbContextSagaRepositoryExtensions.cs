using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Jobs.Worker.SagaRepository;

/// <summary>Registers the EF Core saga repository of <c>Jobs.Worker.SagaRepository</c>.</summary>
public static class DbContextSagaRepositoryExtensions
{
    /// <summary>
    /// Stores the saga in <typeparamref name="TContext"/>, which must be registered as a scoped service and
    /// map <typeparamref name="TSaga"/>. Stands where MassTransit.EntityFrameworkCore's repository would.
    /// </summary>
    /// <returns>The same configurator, so that calls can be chained.</returns>
    public static ISagaRegistrationConfigurator<TSaga> DbContextRepository<TSaga, TContext>(this ISagaRegistrationConfigurator<TSaga> configurator)
        where TSaga : class, ISaga
        where TContext : DbContext
    {
        configurator.Repository(r =>
        {
            r.TryAddScoped<AfterCommit>();
            r.RegisterLoadSagaRepository<TSaga, DbContextSagaRepositoryContextFactory<TSaga, TContext>>();
            r.RegisterQuerySagaRepository<TSaga, DbContextSagaRepositoryContextFactory<TSaga, TContext>>();
            r.RegisterSagaRepository<TSaga, TContext, SagaConsumeContextFactory<TContext, TSaga>, DbContextSagaRepositoryContextFactory<TSaga, TContext>>();
        });
        return configurator;
    }
}
