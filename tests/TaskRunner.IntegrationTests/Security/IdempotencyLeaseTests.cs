using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Faults;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>An Idempotency-Key whose Api process died mid-request is taken over by a retry, which returns the one task.</summary>
[Collection(PlatformCollection.Name)]
public sealed class IdempotencyLeaseTests(PlatformFixture platform)
{
    private const string Fault = "api killed (SIGKILL) between idempotency claim and stored response";

    [Fact]
    public async Task A_retry_after_the_api_was_killed_between_submit_and_storing_the_response_returns_the_one_task()
    {
        var tenant = $"idem-{Guid.NewGuid():N}";
        var credential = await platform.CreateKeyAsync(tenant, isOperator: true);
        var key = Guid.NewGuid().ToString();
        var args = new { tenant, key };
        var settings = platform.Settings.ToDictionary();
        settings["Idempotency__LeaseSeconds"] = "3";
        await using var db = new NpgsqlConnection(platform.ConnectionString);
        await db.OpenAsync();
        await using var rowDb = new NpgsqlConnection(platform.ConnectionString);
        await rowDb.OpenAsync();
        var lockHolder = await rowDb.ExecuteScalarAsync<int>("select pg_backend_pid()");

        await using var dying = await ApiProcess.StartAsync(settings);
        using var dyingClient = IdempotentNoop.Client(dying, credential.Key);

        // Hold the Api after its claim and before its submit: inserting into tasks waits for this lock.
        await using var tasksLock = await db.BeginTransactionAsync();
        await db.ExecuteAsync("lock table tasks in share mode", transaction: tasksLock);
        var first = IdempotentNoop.PostAsync(dyingClient, key);
        await IdempotentNoop.WaitForAsync(async () => await rowDb.ExecuteScalarAsync<int>(
            "select count(*) from idempotency_keys where tenant_id = @tenant and key = @key", args) == 1, "the claim");

        // Hold the claim row, so storing the response waits; then let the submit through.
        await using var rowLock = await rowDb.BeginTransactionAsync();
        await rowDb.ExecuteAsync("select 1 from idempotency_keys where tenant_id = @tenant and key = @key for update", args, rowLock);
        await tasksLock.CommitAsync();
        // Polled from the other connection: pg_stat_activity is a snapshot that stays fixed within a transaction.
        await IdempotentNoop.WaitForAsync(async () => await db.ExecuteScalarAsync<int>(
            "select count(*) from pg_stat_activity where @lockHolder = any(pg_blocking_pids(pid)) and query like '%update idempotency_keys set status_code%'",
            new { lockHolder }) == 1, "the Api to store its response");
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("select count(*) from tasks where tenant_id = @tenant", args));

        // The Api dies with the task submitted and its response not stored; its waiting statement dies with it.
        await dying.KillAsync();
        FaultReport.FaultInjected(Fault);
        await db.ExecuteAsync("select pg_terminate_backend(pid) from pg_stat_activity where @lockHolder = any(pg_blocking_pids(pid))", new { lockHolder });
        await rowLock.RollbackAsync();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => first);
        Assert.Null(await db.ExecuteScalarAsync<int?>("select status_code from idempotency_keys where tenant_id = @tenant and key = @key", args));

        // The client retries the same request on another Api: once the lease has run out it runs again and finds the task.
        await using var api = await ApiProcess.StartAsync(settings);
        using var client = IdempotentNoop.Client(api, credential.Key);
        using var retried = await IdempotentNoop.PostAsync(client, key);
        var retriedBody = await retried.Content.ReadAsStringAsync();
        var tasks = (await db.QueryAsync<Guid>("select id from tasks where tenant_id = @tenant", args)).ToList();
        FaultReport.TasksChecked(Fault, tasks: 1, lost: tasks.Count == 0 || retried.StatusCode != HttpStatusCode.Accepted ? 1 : 0, duplicated: Math.Max(0, tasks.Count - 1));
        Assert.True(retried.StatusCode == HttpStatusCode.Accepted, $"The retry answered {(int)retried.StatusCode}: {retriedBody}");
        var taskId = JsonSerializer.Deserialize<JsonElement>(retriedBody).GetProperty("taskId").GetGuid();
        Assert.Equal(taskId, Assert.Single(tasks));

        // Now the response is stored: one more retry is a replay of it.
        using var replayed = await IdempotentNoop.PostAsync(client, key);
        Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(taskId, (await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetGuid());
        FaultReport.FaultSurvived(Fault);
    }
}
