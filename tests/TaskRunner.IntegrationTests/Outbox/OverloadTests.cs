using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Outbox;

/// <summary>When the Api cannot get a database connection in time it answers 503 overloaded with Retry-After, never 500.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OverloadTests(PlatformFixture platform)
{
    [Fact]
    public async Task Submits_beyond_an_exhausted_connection_pool_answer_503_overloaded_with_Retry_After()
    {
        var settings = new Dictionary<string, string>(platform.Settings)
        {
            ["ConnectionStrings__Postgres"] = platform.ConnectionString + ";Maximum Pool Size=3;Timeout=1",
        };
        await using var apiProcess = await ApiProcess.StartAsync(settings);
        using var client = new HttpClient { BaseAddress = apiProcess.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = platform.Client.DefaultRequestHeaders.Authorization;
        var body = new { durationMs = 0, steps = 1 };
        using (var warm = await client.PostAsJsonAsync("/api/v1/diagnostics/noop", body))
        {
            Assert.Equal(HttpStatusCode.Accepted, warm.StatusCode); // the key is cached from here on
        }

        // Inserts into tasks wait while this lock is held, so the first submits keep the pool's three connections busy.
        await using var blocker = new NpgsqlConnection(platform.ConnectionString);
        await blocker.OpenAsync();
        var transaction = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("lock table tasks in share mode", transaction: transaction);
        var submits = Enumerable.Range(0, 12).Select(async _ =>
        {
            using var response = await client.PostAsJsonAsync("/api/v1/diagnostics/noop", body);
            return (response.StatusCode, RetryAfter: response.Headers.RetryAfter?.Delta, Body: await response.Content.ReadAsStringAsync());
        }).ToList();

        // Requests that found no free connection have answered by now; the held ones finish once the lock goes.
        var overloaded = await WhenSomeCompletedAsync(submits);
        await transaction.RollbackAsync();
        var answers = await Task.WhenAll(submits);

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"{(int)a.StatusCode}: {a.Body}"));
        Assert.True(overloaded > 0);
        foreach (var answer in answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable))
        {
            Assert.Equal("overloaded", JsonSerializer.Deserialize<JsonElement>(answer.Body).GetProperty("code").GetString());
            Assert.True(answer.RetryAfter > TimeSpan.Zero, answer.Body);
        }

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Accepted);
    }

    /// <summary>Waits until at least one request answered while the lock is still held; returns how many had.</summary>
    private static async Task<int> WhenSomeCompletedAsync(IReadOnlyList<Task<(HttpStatusCode, TimeSpan?, string)>> submits)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (submits.All(s => !s.IsCompleted))
        {
            Assert.True(DateTime.UtcNow < deadline, "No submit answered while the pool was exhausted.");
            await Task.Delay(100);
        }

        return submits.Count(s => s.IsCompleted);
    }
}
