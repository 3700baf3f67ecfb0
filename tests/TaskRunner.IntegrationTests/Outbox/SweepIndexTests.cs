using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Tasks.Retention;

namespace TaskRunner.IntegrationTests.Outbox;

/// <summary>
/// Every sweep's predicate is served by a (partial) index: with sequential scans priced out, the plan reads the
/// index named here instead of scanning tasks. The statements are those of TaskStore, TaskOutbox, TaskRetention and
/// DocumentStore with their parameters filled in.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SweepIndexTests(PlatformFixture platform)
{
    public static TheoryData<string, string, string> Sweeps => new()
    {
        {
            "stale runs (reaper)", "tasks_running_heartbeat",
            "select * from tasks where status = 'running' and heartbeat_at < now() - make_interval(secs => 3) order by heartbeat_at limit 100"
        },
        {
            "lost dispatches", "tasks_queued_updated",
            "update tasks set dispatch_id = null where status = 'queued' and dispatch_id is not null and hangfire_job_id is null and updated_at < now() - make_interval(secs => 3)"
        },
        {
            "stranded jobs", "tasks_queued_updated",
            "select t2.id from tasks t2 where t2.status = 'queued' and t2.hangfire_job_id is not null and t2.updated_at < now() - make_interval(secs => least(3, 10)) order by t2.updated_at limit 100"
        },
        {
            "due undispatched (sweep)", "tasks_outbox_priority",
            "select id from tasks where status = 'queued' and dispatch_id is null and (not_before is null or not_before <= now() - make_interval(secs => 30)) and updated_at < now() - make_interval(secs => 30) order by case priority when 'high' then 0 when 'normal' then 1 else 2 end, created_at limit 100"
        },
        {
            "outbox claim (dispatcher)", "tasks_outbox_priority",
            "select id from tasks where status = 'queued' and dispatch_id is null and (not_before is null or not_before <= now()) order by case priority when 'high' then 0 when 'normal' then 1 else 2 end, created_at limit 100 for update skip locked"
        },
        {
            "retention", "tasks_final_finished",
            $"select id from tasks where {TaskRetention.ExpiredPredicate.Replace("@seconds", "2592000", StringComparison.Ordinal)} order by finished_at limit 500"
        },
        {
            "active ingestion of a document (reindex, delete)", "tasks_document_active",
            "select 1 from tasks where document_id = '00000000-0000-0000-0000-000000000001' and type = 'document.ingest' and status in ('queued', 'running')"
        },
    };

    [Theory]
    [MemberData(nameof(Sweeps))]
    public async Task Each_sweep_predicate_reads_an_index_not_the_whole_tasks_table(string sweep, string index, string sql)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("set local enable_seqscan = off", transaction: transaction);
        var plan = string.Join('\n', await connection.QueryAsync<string>($"explain {sql}", transaction: transaction));

        Assert.DoesNotContain("Seq Scan on tasks", plan, StringComparison.Ordinal);

        // The index made for the predicate, or another that reads no more than the rows of a status: which of equally
        // cheap indexes the planner takes depends on the statistics of the moment (on a nearly empty table they all cost
        // the same). The planner uses a partial index only when the query implies its predicate, so a partial index over
        // tasks' statuses (tasks_document_active holds queued and running tasks, for example) never reads the table whole.
        var indexes = IndexesUsed(plan);
        var partial = (await connection.QueryAsync<string>(
            "select indexname from pg_indexes where tablename = 'tasks' and indexdef like '% WHERE %status%'", transaction: transaction)).ToHashSet(StringComparer.Ordinal);
        Assert.True(indexes.Contains(index) || indexes.Any(i => SameRows(i, index) || partial.Contains(i)), $"{sweep}: expected index {index}, plan:\n{plan}");
    }

    /// <summary>
    /// Indexes that read the same rows for these predicates besides the partial indexes over statuses: for one
    /// document's tasks, tasks_document (not partial) once other tests have filled the table. (The outbox has one index since
    /// migration 0020, tasks_outbox_priority, and both its readers read in its order.)
    /// </summary>
    private static readonly string[][] SameRowIndexes =
    [
        ["tasks_document_active", "tasks_document"],
    ];

    private static bool SameRows(string used, string expected) =>
        SameRowIndexes.Any(group => group.Contains(used, StringComparer.Ordinal) && group.Contains(expected, StringComparer.Ordinal));

    /// <summary>The indexes a plan reads: index and index-only scans name theirs after "using", bitmap scans after "Bitmap Index Scan on".</summary>
    private static HashSet<string> IndexesUsed(string plan) =>
        System.Text.RegularExpressions.Regex.Matches(plan, @"using (\w+) on tasks|Bitmap Index Scan on (\w+)")
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToHashSet(StringComparer.Ordinal);
}
