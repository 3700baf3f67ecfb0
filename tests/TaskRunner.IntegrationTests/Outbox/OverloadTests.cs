using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.Tasks.Outbox;

namespace TaskRunner.IntegrationTests.Outbox;

/// <summary>
/// When the database cannot take submits in time (here: their inserts wait on a lock and hold every insert slot), the
/// submits beyond them answer 503 overloaded with Retry-After after the pool's Timeout, never 500, and write nothing.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OverloadTests(PlatformFixture platform)
{
    [Fact]
    public async Task Submits_beyond_a_stuck_database_answer_503_overloaded_with_Retry_After_and_write_nothing()
    {
        var settings = new Dictionary<string, string>(platform.Settings)
        {
            ["ConnectionStrings__Postgres"] = platform.ConnectionString + $";Maximum Pool Size=3;Timeout=1;Application Name={ApplicationName}",
        };
        await using var apiProcess = await ApiProcess.StartAsync(settings);
        using var client = new HttpClient { BaseAddress = apiProcess.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = platform.Client.DefaultRequestHeaders.Authorization;
        var body = new { durationMs = 7, steps = 1 };
        var startedAt = DateTime.UtcNow;
        Guid warmId;
        using (var warm = await client.PostAsJsonAsync("/api/v1/diagnostics/noop", body))
        {
            Assert.Equal(HttpStatusCode.Accepted, warm.StatusCode); // the key is cached from here on
            warmId = TaskIdOf(await warm.Content.ReadAsStringAsync());
        }

        // Inserts into tasks wait while this lock is held. Two submits, one after the other, take both of the submit
        // batcher's insert slots (each its own statement on its own connection, waiting on the lock); the submits after
        // them have none.
        await using var blocker = new NpgsqlConnection(platform.ConnectionString);
        await blocker.OpenAsync();
        var transaction = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("lock table tasks in share mode", transaction: transaction);
        var held = new List<Task<(HttpStatusCode StatusCode, TimeSpan? RetryAfter, string Body)>>();
        for (var slot = 1; slot <= SubmitBatcher.MaxFlushes; slot++)
        {
            held.Add(SubmitAsync());
            await WaitForInsertsWaitingOnTheLockAsync(slot);
        }

        var shed = Enumerable.Range(0, 10).Select(_ => SubmitAsync()).ToList();
        var answers = await Task.WhenAll(shed).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(held, h => Assert.False(h.IsCompleted));
        await transaction.RollbackAsync();
        var accepted = await Task.WhenAll(held);

        Assert.All(accepted, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        foreach (var answer in answers)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Equal("overloaded", JsonSerializer.Deserialize<JsonElement>(answer.Body).GetProperty("code").GetString());
            Assert.True(answer.RetryAfter > TimeSpan.Zero, answer.Body);
        }

        // Nothing of a shed submit was written: this body's tasks are the warm-up's and the two held ones.
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        var written = (await connection.QueryAsync<Guid>(
            "select id from tasks where created_at > @since and type = 'diagnostics.noop' and input->>'durationMs' = '7'", new { since = startedAt })).ToHashSet();
        Assert.Equal(accepted.Select(a => TaskIdOf(a.Body)).Append(warmId).ToHashSet(), written);

        async Task<(HttpStatusCode StatusCode, TimeSpan? RetryAfter, string Body)> SubmitAsync()
        {
            using var response = await client.PostAsJsonAsync("/api/v1/diagnostics/noop", body);
            return (response.StatusCode, response.Headers.RetryAfter?.Delta, await response.Content.ReadAsStringAsync());
        }

        async Task WaitForInsertsWaitingOnTheLockAsync(int count)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (await blocker.ExecuteScalarAsync<long>(
                // An insert being prepared shows the connection's previous query, so the sessions are counted, not matched by text.
                "select count(*) from pg_stat_activity where application_name = @name and pg_backend_pid() = any(pg_blocking_pids(pid))",
                new { name = ApplicationName }) < count)
            {
                if (held.FirstOrDefault(h => h.IsCompleted) is { } answered)
                {
                    var (status, _, text) = await answered;
                    Assert.Fail($"A submit answered {(int)status} while the lock was held: {text}");
                }

                if (DateTime.UtcNow > deadline)
                {
                    var activity = await blocker.QueryAsync<string>(
                        "select pid || ' blocked by ' || pg_blocking_pids(pid)::text || ' ' || state || ': ' || left(query, 80) from pg_stat_activity where application_name = @name",
                        new { name = ApplicationName });
                    Assert.Fail($"{count} inserts never waited on the lock. The Api's sessions:\n{string.Join("\n", activity)}");
                }

                await Task.Delay(50);
            }
        }
    }

    private const string ApplicationName = "overload-test-api";

    private static Guid TaskIdOf(string body) => JsonSerializer.Deserialize<JsonElement>(body).GetProperty("taskId").GetGuid();
}
