namespace Jobs.Worker.Handlers;

/// <summary>Registers job handlers.</summary>
public static class JobHandlerServiceCollectionExtensions
{
    /// <summary>Registers <typeparamref name="THandler"/> as the handler of its job type (one per type).</summary>
    /// <returns>The same service collection, so that calls can be chained.</returns>
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services)
        where THandler : class, IJobHandler
    {
        services.AddSingleton<IJobHandler, THandler>();
        return services;
    }
}
