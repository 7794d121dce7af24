using Jobs.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddJobsApi();

var app = builder.Build();
app.MapGet("/", () => Results.Redirect("/pcm/jobs"));
app.Run();
