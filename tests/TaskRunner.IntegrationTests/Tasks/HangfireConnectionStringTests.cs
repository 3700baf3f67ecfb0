using Npgsql;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Jobs;
using TaskRunner.Tasks.Persistence;

namespace TaskRunner.IntegrationTests.Tasks;

/// <summary>
/// Hangfire's connections carry a keepalive, so a long-polling LISTEN wait whose cancel Npgsql lost (npgsql#5975) ends
/// within that many seconds instead of holding a fetched job until the next notification.
/// </summary>
public sealed class HangfireConnectionStringTests
{
    [Fact]
    public void Hangfires_connections_get_the_listen_keepalive_and_keep_statement_reuse()
    {
        var hangfire = new NpgsqlConnectionStringBuilder(HangfireConnectionString.For("Host=db;Password=secret", new HangfireStorageOptions()));
        Assert.Equal(new HangfireStorageOptions().ListenKeepAliveSeconds, hangfire.KeepAlive);
        Assert.True(hangfire.KeepAlive > 0);
        Assert.Equal(StatementReuse.MaxAutoPrepare, hangfire.MaxAutoPrepare);
        Assert.Equal("secret", hangfire.Password);

        var chosen = new NpgsqlConnectionStringBuilder(HangfireConnectionString.For("Host=db", new HangfireStorageOptions { ListenKeepAliveSeconds = 7 }));
        Assert.Equal(7, chosen.KeepAlive);
    }

    [Theory]
    [InlineData("Host=db;Keepalive=30", 30)]
    [InlineData("Host=db;Keepalive=0", 0)]
    [InlineData("Host=db;KEEPALIVE=12", 12)]
    public void A_keepalive_in_the_connection_string_wins(string connectionString, int expected)
    {
        var hangfire = new NpgsqlConnectionStringBuilder(HangfireConnectionString.For(connectionString, new HangfireStorageOptions()));
        Assert.Equal(expected, hangfire.KeepAlive);
    }

    [Fact]
    public void A_zero_setting_leaves_the_keepalive_off()
    {
        var hangfire = new NpgsqlConnectionStringBuilder(HangfireConnectionString.For("Host=db", new HangfireStorageOptions { ListenKeepAliveSeconds = 0 }));
        Assert.Equal(0, hangfire.KeepAlive);
    }
}
