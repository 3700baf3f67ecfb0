using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Tasks.Outbox;

namespace TaskRunner.IntegrationTests.Outbox;

/// <summary>
/// The dispatch leader's claim under a backlog: one pass over the outbox however many tasks wait, the update by primary
/// key, and never more tasks than its batch size (issue #12: as an <c>in (subquery)</c> the claim ran its subquery once
/// per queued row; as a join, its update compared every queued row with every picked one).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class OutboxClaimTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_claim_under_a_backlog_picks_its_batch_in_one_pass_updates_it_by_key_even_with_stale_statistics_and_takes_no_more_than_the_limit()
    {
        var tenant = $"claim-{Guid.NewGuid():N}"[..20];
        // No dispatch leader may take the backlog while the test claims it by hand.
        await platform.StopInProcessWorkersAsync();
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        try
        {
            await connection.ExecuteAsync("""
                insert into tasks (id, tenant_id, type, status, queue)
                select gen_random_uuid(), @tenant, 'diagnostics.noop', 'canceled', 'default' from generate_series(1, 300)
                """, new { tenant });

            // As before a burst: the statistics were taken while no task was queued, so the planner expects few.
            await connection.ExecuteAsync("analyze tasks");
            await connection.ExecuteAsync("update tasks set status = 'queued' where tenant_id = @tenant", new { tenant });

            await using (var transaction = await connection.BeginTransactionAsync())
            {
                var plan = string.Join('\n', await connection.QueryAsync<string>(
                    "explain (analyze, costs off) " + TaskOutbox.ClaimSql.Replace("@limit", "100", StringComparison.Ordinal), transaction: transaction));
                var lockRows = LockRowsLoops().Match(plan);
                Assert.True(lockRows.Success, plan);
                Assert.Equal("1", lockRows.Groups[1].Value);

                // The update finds the picked rows by key, not by joining them against every queued row.
                Assert.True(plan.Contains("(id = ANY (", StringComparison.Ordinal), plan);
                Assert.False(plan.Contains("Join Filter", StringComparison.Ordinal), plan);
                await transaction.RollbackAsync();
            }

            var claimed = await TaskOutbox.ClaimAsync(connection, 100, CancellationToken.None);
            Assert.Equal(100, claimed.Count);
            Assert.All(claimed, t => Assert.NotNull(t.DispatchId));
            Assert.Equal(claimed.Count, claimed.Select(t => t.Id).Distinct().Count());
        }
        finally
        {
            await connection.ExecuteAsync(
                "update tasks set status = 'canceled', finished_at = now(), message = 'claim test' where tenant_id = @tenant and status = 'queued'", new { tenant });
            await platform.EnsureWorkerAsync();
        }
    }

    [GeneratedRegex(@"LockRows \(actual [^)]*loops=(\d+)\)")]
    private static partial Regex LockRowsLoops();
}
