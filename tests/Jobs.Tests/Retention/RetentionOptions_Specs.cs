using Jobs.Tests.Support;
using Jobs.Worker.Retention;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Jobs.Tests.Retention;

/// <summary><c>Jobs:Retention</c> is checked as the worker starts: a value out of range stops it, naming the setting and its range.</summary>
public sealed class RetentionOptions_Specs
{
    [Theory]
    [InlineData("FinishedJobs", "00:00:00", "Jobs:Retention:FinishedJobs must be between 01:00:00 and 3650.00:00:00.")]
    [InlineData("FinishedJobs", "00:59:59", "Jobs:Retention:FinishedJobs must be between 01:00:00 and 3650.00:00:00.")]
    [InlineData("FinishedJobs", "-1.00:00:00", "Jobs:Retention:FinishedJobs must be between 01:00:00 and 3650.00:00:00.")]
    [InlineData("FinishedJobs", "3651.00:00:00", "Jobs:Retention:FinishedJobs must be between 01:00:00 and 3650.00:00:00.")]
    [InlineData("BatchSize", "0", "Jobs:Retention:BatchSize must be between 1 and 5000.")]
    [InlineData("BatchSize", "5001", "Jobs:Retention:BatchSize must be between 1 and 5000.")]
    [InlineData("Interval", "00:00:00", "Jobs:Retention:Interval must be between 00:00:01 and 1.00:00:00.")]
    [InlineData("Interval", "1.00:00:01", "Jobs:Retention:Interval must be between 00:00:01 and 1.00:00:00.")]
    public async Task A_value_out_of_range_stops_the_worker_as_it_starts(string setting, string value, string message)
    {
        var directory = Directory.CreateTempSubdirectory("jobs-retention-options-").FullName;
        try
        {
            var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => JobsTestHost.StartAsync(
                databaseDirectory: directory, settings: new Dictionary<string, string?> { [$"Jobs:Retention:{setting}"] = value }));

            Assert.Contains($"'{setting}' with the error: '{message}'", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("FinishedJobs", "01:00:00")]
    [InlineData("FinishedJobs", "3650.00:00:00")]
    [InlineData("BatchSize", "1")]
    [InlineData("BatchSize", "5000")]
    [InlineData("Interval", "00:00:01")]
    [InlineData("Interval", "1.00:00:00")]
    public async Task The_ends_of_each_range_are_accepted(string setting, string value)
    {
        await using var host = await JobsTestHost.StartAsync(settings: new Dictionary<string, string?> { [$"Jobs:Retention:{setting}"] = value });

        var retention = host.Services.GetServices<IHostedService>().OfType<JobRetention>().Single();
        Assert.False(retention.ExecuteTask!.IsCompleted, "retention is not running");
    }
}
