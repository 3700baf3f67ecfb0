using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Tasks.Persistence;

namespace TaskRunner.IntegrationTests.Tasks;

/// <summary>
/// The platform's pool prepares the statements it repeats and skips Npgsql's reset on return to the pool (Hangfire's pool
/// only prepares), unless the connection string chooses otherwise (<see cref="StatementReuse"/>).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class StatementReuseTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_statement_the_api_repeats_is_prepared_on_its_connection()
    {
        await using var connection = await platform.ApiServices.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        const string statement = "select count(*) from tasks where tenant_id = @tenant";
        for (var i = 0; i < 6; i++)
        {
            await connection.ExecuteScalarAsync<long>(statement, new { tenant = "statement-reuse" });
        }

        var prepared = await connection.QueryAsync<string>("select statement from pg_prepared_statements");
        Assert.Contains(prepared, s => s.Contains("from tasks where tenant_id = $1", StringComparison.Ordinal));
    }

    [Fact]
    public void Both_settings_are_on_by_default_and_an_operators_choice_is_kept()
    {
        var defaults = StatementReuse.Apply(new NpgsqlDataSourceBuilder("Host=db"), "Host=db").ConnectionStringBuilder;
        Assert.Equal(StatementReuse.MaxAutoPrepare, defaults.MaxAutoPrepare);
        Assert.True(defaults.NoResetOnClose);

        const string chosen = "Host=db;Max Auto Prepare=0;NoResetOnClose=false";
        var kept = StatementReuse.Apply(new NpgsqlDataSourceBuilder(chosen), chosen).ConnectionStringBuilder;
        Assert.Equal(0, kept.MaxAutoPrepare);
        Assert.False(kept.NoResetOnClose);
    }

    [Fact]
    public void Hangfires_pool_prepares_too_but_keeps_its_reset()
    {
        var hangfire = new NpgsqlConnectionStringBuilder(StatementReuse.ForHangfire("Host=db;Password=secret"));
        Assert.Equal(StatementReuse.MaxAutoPrepare, hangfire.MaxAutoPrepare);
        Assert.False(hangfire.NoResetOnClose);
        Assert.Equal("secret", hangfire.Password);

        const string chosen = "Host=db;Max Auto Prepare=0";
        Assert.Equal(chosen, StatementReuse.ForHangfire(chosen));
    }
}
