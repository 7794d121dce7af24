using Jobs.Contracts;
using Jobs.Handlers;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jobs.Bench.Roles;

/// <summary>
/// <c>remote-handler</c>: the benchmark's handler for <see cref="JobType"/> in a service of its own, hosted the way the
/// README tells a .NET service to (<see cref="JobHandlerConsumerExtensions.AddJobHandlerConsumer{THandler}"/> on
/// RabbitMQ), taking its <c>RunJob</c>s from <see cref="Queue"/>.
/// </summary>
static class RemoteHandlerRole
{
    /// <summary>The type every workload submits.</summary>
    public const string JobType = JobTypes.ProductExport;

    /// <summary>The queue; each workload has a virtual host of its own, so one name does for every run.</summary>
    public const string Queue = "bench-product-export";

    public static async Task RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        // BenchHandler takes its job type: registered here, AddJobHandlerConsumer uses it rather than make its own.
        builder.Services.AddSingleton(new BenchHandler(JobType));
        builder.Services.AddMassTransit(x =>
        {
            x.AddJobHandlerConsumer<BenchHandler>(Queue);
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(builder.Configuration.GetConnectionString("RabbitMq")
                    ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is required.")));
                cfg.ConfigureEndpoints(context);
            });
        });
        // "Application started", which the benchmark waits for, then means the queue is declared and consumed: the
        // worker started after it sends its first RunJob to a queue that is there.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o => o.WaitUntilStarted = true);
        await builder.Build().RunAsync();
    }
}
