using Jobs.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddJobsApi();

var app = builder.Build();
app.UseJobsApi();
app.Run();
