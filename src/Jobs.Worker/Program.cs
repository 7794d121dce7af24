using Jobs.Worker.Persistence;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddJobsWorker(builder.Configuration);
builder.Services.AddOptions<HostOptions>().Configure(o => o.ShutdownTimeout = TimeSpan.FromSeconds(45));
var host = builder.Build();

if (args is ["migrate", ..])
{
    await DatabaseMigrator.MigrateAsync(host.Services.GetRequiredService<IServiceScopeFactory>(), CancellationToken.None);
    return;
}

await host.RunAsync();
