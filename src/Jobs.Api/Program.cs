using Jobs.Api;
using Jobs.Api.Auth;

if (HashSecretCommand.IsRequested(args))
    return HashSecretCommand.Run(Console.In, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);
builder.AddJobsApi();

var app = builder.Build();
app.UseJobsApi();
app.Run();
return 0;
