using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Tasks.Persistence;
using TaskRunner.Worker.Hosting;

namespace TaskRunner.IntegrationTests.Tasks;

/// <summary>
/// A Worker's sessions commit without waiting for the WAL flush unless Worker__SynchronousCommit says otherwise or the
/// connection string already chose; the Api's keep Postgres's own setting (on), so an accepted submit is durable.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class WorkerCommitModeTests(PlatformFixture platform)
{
    [Theory]
    [InlineData(null, "off")]
    [InlineData("false", "off")]
    [InlineData("true", "on")]
    public async Task A_worker_commits_without_a_flush_wait_unless_told_to_wait(string? synchronousCommit, string expected)
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = platform.ConnectionString };
        if (synchronousCommit is not null)
        {
            settings["Worker:SynchronousCommit"] = synchronousCommit;
        }

        await using var worker = WorkerApp.Build(["--queues", "default"], builder => builder.Configuration.AddInMemoryCollection(settings));
        await using var connection = await worker.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();

        Assert.Equal(expected, await connection.ExecuteScalarAsync<string>("show synchronous_commit"));
    }

    [Fact]
    public async Task The_api_keeps_synchronous_commits()
    {
        await using var connection = await platform.ApiServices.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();

        Assert.Equal("on", await connection.ExecuteScalarAsync<string>("show synchronous_commit"));
    }

    [Fact]
    public void An_operators_own_synchronous_commit_option_is_kept_and_other_options_stay()
    {
        const string chosen = "Host=db;Options=-c synchronous_commit=remote_write";
        Assert.Equal(chosen, CommitMode.WithoutFlushWait(chosen));

        var rewritten = new NpgsqlConnectionStringBuilder(CommitMode.WithoutFlushWait("Host=db;Options=-c statement_timeout=5000;Password=secret"));
        Assert.Equal("-c statement_timeout=5000 -c synchronous_commit=off", rewritten.Options);
        Assert.Equal("secret", rewritten.Password);
    }
}
