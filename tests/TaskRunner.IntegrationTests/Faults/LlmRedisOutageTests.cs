using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TaskRunner.IntegrationTests.Chat;
using TaskRunner.IntegrationTests.Exercises;
using TaskRunner.Testing.OpenAi;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Faults;

/// <summary>
/// Redis cut on the LLM path of a Worker (its Redis behind a proxy, the only Worker running): generations complete on
/// the process's share of the LLM limit, readiness says Degraded with 200, and once Redis is back the Worker's LLM calls
/// count against the shared limit again.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class LlmRedisOutageTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly object Generation = new { topic = "Photosynthesis", count = 3, types = new[] { "multiple_choice" }, language = "en" };
    private ProxiedPlatform proxied = null!;

    public async Task InitializeAsync()
    {
        await platform.StopInProcessWorkersAsync();
        proxied = await ProxiedPlatform.StartAsync(platform);
    }

    public async Task DisposeAsync()
    {
        platform.Llm.DefaultDelayBetweenPieces = TimeSpan.Zero;
        await proxied.DisposeAsync();
        await platform.EnsureWorkerAsync();
    }

    [Fact]
    public async Task Generations_complete_while_redis_is_down_and_the_worker_uses_the_shared_limit_again_after()
    {
        var api = proxied.ApiClient;

        // Down before the Worker's first LLM call: the case that used to disable LLM work until a restart.
        proxied.Redis.GoDown();
        await AssertReadyDegradedAsync();
        await api.SucceededAsync(await api.GenerateAcceptedAsync(Generation));
        Assert.Equal("local", await LimiterModeAsync());

        proxied.Redis.ComeBack();
        await WaitUntilSharedAsync(api);

        // Cut during a generation: the call holding a Redis lease streams on and the task completes.
        platform.Llm.DefaultDelayBetweenPieces = TimeSpan.FromMilliseconds(400);
        var before = platform.Llm.TotalRequests;
        var during = await api.GenerateAcceptedAsync(Generation);
        await WaitForAsync(() => platform.Llm.TotalRequests > before, "the generation's LLM call to start");
        proxied.Redis.GoDown();
        await api.SucceededAsync(during);
        platform.Llm.DefaultDelayBetweenPieces = TimeSpan.Zero;

        // And after this outage too, LLM work goes on and returns to the shared limit.
        proxied.Redis.ComeBack();
        await WaitUntilSharedAsync(api);

        using var ready = await proxied.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        FaultReport.FaultSurvived("redis outage during generation");
    }

    [Fact]
    public async Task A_chat_answers_while_redis_is_down_and_when_redis_is_cut_during_its_stream()
    {
        // The chat gateway runs in the Api and takes its LLM slot from the same Redis-shared limiter.
        var chat = new ChatClient(proxied.Client);
        await chat.IngestTextAsync("Photosynthesis turns light into chemical energy inside the chloroplasts of plant cells.", $"outage-{Guid.NewGuid():N}");
        platform.Llm.Responder = r => r.Messages[0].Content.Contains("numbered passages", StringComparison.Ordinal)
            ? ScriptedReply.Content("It happens in the chloroplasts [1].", pieces: 6, delayBetweenPieces: TimeSpan.FromMilliseconds(300))
            : null;
        try
        {
            proxied.Redis.GoDown();
            var answered = await chat.AskAsync(new { question = "Where does photosynthesis take place?", stream = false });
            Assert.Equal("generative", answered.GetProperty("mode").GetString());
            Assert.Contains("chloroplasts", answered.GetProperty("answer").GetString(), StringComparison.Ordinal);
            proxied.Redis.ComeBack();

            // Cut while the answer streams: the call already holding its slot streams on to the done event.
            var events = new List<IntegrationTests.Api.SseEvent>();
            await foreach (var e in chat.StreamAsync(new { question = "Where does photosynthesis take place?" }))
            {
                events.Add(e);
                if (e.Event == "token" && events.Count(x => x.Event == "token") == 1)
                {
                    proxied.Redis.GoDown();
                }
            }

            Assert.Equal("done", events[^1].Event);
            Assert.Contains("chloroplasts", events[^1].Data.GetProperty("answer").GetString(), StringComparison.Ordinal);
            Assert.True(events.Count(e => e.Event == "token") > 1, "The answer should have gone on streaming after the cut.");
            proxied.Redis.ComeBack();
            FaultReport.FaultSurvived("redis outage during chat");
        }
        finally
        {
            proxied.Redis.ComeBack();
            platform.Llm.Responder = null;
        }
    }

    private async Task AssertReadyDegradedAsync()
    {
        using var live = await proxied.Client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        using var ready = await proxied.Client.GetAsync("/health/ready");
        var body = JsonSerializer.Deserialize<JsonElement>(await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        Assert.Equal("Degraded", body.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("postgres").GetProperty("status").GetString());

        // The Worker's readiness makes the same call: Redis is degraded, not a reason to take the Worker out.
        var worker = await proxied.WorkerServices.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Degraded, worker.Entries["redis"].Status);
        Assert.NotEqual(HealthStatus.Unhealthy, worker.Status);
    }

    /// <summary>What the Worker's llm-limiter readiness check reports: "shared" (Redis) or "local" (this process's share).</summary>
    private async Task<string> LimiterModeAsync()
    {
        var report = await proxied.WorkerServices.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Name == "llm-limiter");
        return (string)report.Entries["llm-limiter"].Data["mode"];
    }

    /// <summary>Generations succeed until one has run on the Redis-shared limit (the client reconnects within seconds).</summary>
    private async Task WaitUntilSharedAsync(IntegrationTests.Api.TaskRunnerApiClient api)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await api.SucceededAsync(await api.GenerateAcceptedAsync(Generation));
        }
        while (await LimiterModeAsync() != "shared" && DateTime.UtcNow < deadline);

        Assert.Equal("shared", await LimiterModeAsync());
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }
}
