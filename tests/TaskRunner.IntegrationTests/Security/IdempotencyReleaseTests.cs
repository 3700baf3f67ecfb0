using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>
/// A living Api gives an Idempotency-Key back when its request failed: when the endpoint failed (its database
/// statement timed out, which the client sees as 503), or when storing the response failed. The lease here is an hour, so a retry served at once (not 409 idempotency_in_progress after
/// waiting) shows the claim was released, not left to run out. The failures are real: the Api process's statements
/// time out (Command Timeout 5 s) on rows this test holds locked.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class IdempotencyReleaseTests(PlatformFixture platform)
{
    private const string ClaimOf = "select count(*) from idempotency_keys where tenant_id = @Tenant and key = @Key";
    private const string Released = "select status_code is null and claim_token is null and lease_until < now() from idempotency_keys where tenant_id = @Tenant and key = @Key";

    [Fact]
    public async Task A_submit_that_fails_with_a_5xx_gives_the_key_back_and_the_retry_submits_the_task()
    {
        var (args, apiKey, settings) = await ArrangeAsync();
        await using var api = await ApiProcess.StartAsync(settings);
        using var client = IdempotentNoop.Client(api, apiKey);
        await using var db = new NpgsqlConnection(platform.ConnectionString);
        await db.OpenAsync();

        // The task insert waits on this lock until its statement times out: the endpoint fails after the claim.
        await using (var tasksLock = await db.BeginTransactionAsync())
        {
            await db.ExecuteAsync("lock table tasks in share mode", transaction: tasksLock);
            using var failed = await IdempotentNoop.PostAsync(client, args.Key);
            var body = await failed.Content.ReadAsStringAsync();
            Assert.True((int)failed.StatusCode >= 500, $"Expected the submit to fail with 5xx, got {(int)failed.StatusCode}: {body}");
            await tasksLock.RollbackAsync();
        }

        Assert.True(await db.ExecuteScalarAsync<bool>(Released, args), "The failed request kept its claim on the key.");
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from tasks where tenant_id = @Tenant", args));

        var taskId = await AssertRetryRunsAndIsThenReplayedAsync(client, db, args);
        Assert.Equal("succeeded", (await new Api.TaskRunnerApiClient(client).WaitForFinalAsync(taskId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_submit_whose_response_cannot_be_stored_gives_the_key_back_and_the_retry_returns_the_same_task()
    {
        var (args, apiKey, settings) = await ArrangeAsync();
        await using var api = await ApiProcess.StartAsync(settings);
        using var client = IdempotentNoop.Client(api, apiKey);
        await using var db = new NpgsqlConnection(platform.ConnectionString);
        await db.OpenAsync();
        await using var rowDb = new NpgsqlConnection(platform.ConnectionString);
        await rowDb.OpenAsync();
        var lockHolder = await rowDb.ExecuteScalarAsync<int>("select pg_backend_pid()");

        // Hold the submit until the claim exists, then hold the claim's row so storing the response times out.
        var tasksLock = await db.BeginTransactionAsync();
        await db.ExecuteAsync("lock table tasks in share mode", transaction: tasksLock);
        var first = IdempotentNoop.PostAsync(client, args.Key);
        await IdempotentNoop.WaitForAsync(async () => await rowDb.ExecuteScalarAsync<int>(ClaimOf, args) == 1, "the claim");
        await using var rowLock = await rowDb.BeginTransactionAsync();
        await rowDb.ExecuteAsync("select 1 from idempotency_keys where tenant_id = @Tenant and key = @Key for update", args, rowLock);
        await tasksLock.CommitAsync();
        await tasksLock.DisposeAsync();

        // Storing waits on the row and times out; only then does the Api try to give the key back, which waits on the
        // row too. Polled from the other connection: pg_stat_activity stays fixed within a transaction.
        await IdempotentNoop.WaitForAsync(() => WaitingOnAsync(db, lockHolder, "update idempotency_keys set status_code"), "the Api to store its response");
        await IdempotentNoop.WaitForAsync(() => WaitingOnAsync(db, lockHolder, "update idempotency_keys set lease_until = now() - interval"), "the Api to give the key back");
        await rowLock.RollbackAsync();

        // The endpoint had succeeded, so the client gets its 202, and the key is free.
        using var answered = await first;
        Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);
        var submitted = (await answered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetGuid();
        Assert.True(await db.ExecuteScalarAsync<bool>(Released, args), "The request whose response was not stored kept its claim on the key.");

        Assert.Equal(submitted, await AssertRetryRunsAndIsThenReplayedAsync(client, db, args));
    }

    private async Task<(IdempotencyKeyOf Args, string ApiKey, Dictionary<string, string> Settings)> ArrangeAsync()
    {
        var tenant = $"idem-release-{Guid.NewGuid():N}"[..28];
        var credential = await platform.CreateKeyAsync(tenant, isOperator: true);
        var settings = platform.Settings.ToDictionary();
        settings["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(platform.ConnectionString) { CommandTimeout = 5 }.ConnectionString;
        settings["Idempotency__LeaseSeconds"] = "3600";
        return (new IdempotencyKeyOf(tenant, Guid.NewGuid().ToString()), credential.Key, settings);
    }

    /// <summary>The retry runs the request (no replay) and gets the tenant's one task; the next is a replay of it.</summary>
    private static async Task<Guid> AssertRetryRunsAndIsThenReplayedAsync(HttpClient client, NpgsqlConnection db, IdempotencyKeyOf args)
    {
        using var retried = await IdempotentNoop.PostAsync(client, args.Key);
        var body = await retried.Content.ReadAsStringAsync();
        Assert.True(retried.StatusCode == HttpStatusCode.Accepted, $"The retry got {(int)retried.StatusCode}: {body}");
        Assert.False(retried.Headers.Contains("Idempotent-Replayed"));
        var taskId = JsonSerializer.Deserialize<JsonElement>(body).GetProperty("taskId").GetGuid();
        Assert.Equal(taskId, Assert.Single(await db.QueryAsync<Guid>("select id from tasks where tenant_id = @Tenant", args)));

        using var replayed = await IdempotentNoop.PostAsync(client, args.Key);
        Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(taskId, (await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetGuid());
        return taskId;
    }

    /// <summary>A tenant's Idempotency-Key, as the Dapper parameters @Tenant and @Key.</summary>
    private sealed record IdempotencyKeyOf(string Tenant, string Key);

    private static async Task<bool> WaitingOnAsync(NpgsqlConnection db, int lockHolder, string statement) =>
        await db.ExecuteScalarAsync<int>(
            "select count(*) from pg_stat_activity where @lockHolder = any(pg_blocking_pids(pid)) and query like '%' || @statement || '%'",
            new { lockHolder, statement }) == 1;
}
