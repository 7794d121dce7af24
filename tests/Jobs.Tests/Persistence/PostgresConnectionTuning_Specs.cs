using Jobs.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Jobs.Tests.Persistence;

/// <summary>
/// The worker prepares its statements and keeps pooled connections as they are, unless the connection string says
/// otherwise: without that, every connection taken from the pool costs a <c>DISCARD ALL</c> and every statement a parse.
/// </summary>
public sealed class PostgresConnectionTuning_Specs
{
    static NpgsqlConnectionStringBuilder Connection(string connectionString) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Jobs:Database"] = "Postgres",
            ["ConnectionStrings:Jobs"] = connectionString,
        }).Build().GetJobsDatabase().ConnectionString);

    [Fact]
    public void A_connection_string_that_says_nothing_gets_prepared_statements_and_no_reset()
    {
        var connection = Connection("Host=127.0.0.1;Database=jobs;Username=jobs");

        Assert.Equal(32, connection.MaxAutoPrepare);
        Assert.True(connection.NoResetOnClose);
    }

    [Theory]
    [InlineData("Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("MaxAutoPrepare=0;NoResetOnClose=false")]
    public void What_the_connection_string_says_wins(string settings)
    {
        var connection = Connection($"Host=127.0.0.1;Database=jobs;Username=jobs;{settings}");

        Assert.Equal(0, connection.MaxAutoPrepare);
        Assert.False(connection.NoResetOnClose);
    }
}
