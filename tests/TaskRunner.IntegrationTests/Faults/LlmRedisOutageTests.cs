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
    private const string DuringGeneration = "redis connections cut (TCP proxy) before and during generations";
    private const string DuringChat = "redis connections cut (TCP proxy) before and during chat answers";
    private const int ExercisesPerGeneration = 3;
    private static readonly object Generation = new { topic = "Photosynthesis", count = ExercisesPerGeneration, types = new[] { "multiple_choice" }, language = "en" };
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
        var generations = new List<Guid>();

        // Down before the Worker's first LLM call: the case that used to disable LLM work until a restart.
        proxied.Redis.GoDown();
        FaultReport.FaultInjected(DuringGeneration);
        await AssertReadyDegradedAsync();
        generations.Add(await api.GenerateAcceptedAsync(Generation));
        await api.WaitForFinalAsync(generations[^1], TimeSpan.FromSeconds(90));
        var modeWhileDown = await LimiterModeAsync();

        proxied.Redis.ComeBack();
        var modeAfterFirstReturn = await RunUntilSharedAsync(api, generations);

        // Cut during a generation: the call holding a Redis lease streams on and the task completes.
        platform.Llm.DefaultDelayBetweenPieces = TimeSpan.FromMilliseconds(400);
        var before = platform.Llm.TotalRequests;
        generations.Add(await api.GenerateAcceptedAsync(Generation));
        await WaitForAsync(() => platform.Llm.TotalRequests > before, "the generation's LLM call to start");
        proxied.Redis.GoDown();
        await api.WaitForFinalAsync(generations[^1], TimeSpan.FromSeconds(90));
        platform.Llm.DefaultDelayBetweenPieces = TimeSpan.Zero;

        // And after this outage too, LLM work goes on and returns to the shared limit.
        proxied.Redis.ComeBack();
        var modeAfterSecondReturn = await RunUntilSharedAsync(api, generations);
        using var ready = await proxied.Client.GetAsync("/health/ready");

        // Every generation of the test must have succeeded with exactly its exercises, none twice.
        var tasks = new List<(string? Status, long Stored)>();
        foreach (var taskId in generations)
        {
            tasks.Add(((await api.GetTaskAsync(taskId)).GetProperty("status").GetString(), await platform.StoredExerciseCountAsync(taskId)));
        }

        FaultReport.TasksChecked(DuringGeneration, tasks.Count, tasks.Count(t => t.Status != "succeeded"), (int)tasks.Sum(t => Math.Max(0, t.Stored - ExercisesPerGeneration)));
        Assert.All(tasks, t => Assert.Equal(("succeeded", (long)ExercisesPerGeneration), t));
        Assert.Equal("local", modeWhileDown);
        Assert.Equal("shared", modeAfterFirstReturn);
        Assert.Equal("shared", modeAfterSecondReturn);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        FaultReport.FaultSurvived(DuringGeneration);
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
            FaultReport.FaultInjected(DuringChat);
            using var response = await chat.PostAsync(new { question = "Where does photosynthesis take place?", stream = false });
            var body = await response.Content.ReadAsStringAsync();
            var answered = response.IsSuccessStatusCode ? JsonSerializer.Deserialize<JsonElement>(body) : default;
            var answer = answered.ValueKind == JsonValueKind.Object ? answered.GetProperty("answer").GetString() ?? string.Empty : string.Empty;
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

            proxied.Redis.ComeBack();

            // The answer arrived once: one done event, and the tokens since the last restart say it once.
            var done = events.Where(e => e.Event == "done").ToList();
            var streamed = done.Count > 0 ? done[0].Data.GetProperty("answer").GetString() ?? string.Empty : string.Empty;
            var lastRestart = events.FindLastIndex(e => e.Event == "restart");
            var tokens = string.Concat(events.Skip(lastRestart + 1).Where(e => e.Event == "token").Select(e => e.Data.GetProperty("text").GetString()));
            FaultReport.TasksChecked(DuringChat, tasks: 2,
                lost: (Says(answer) ? 0 : 1) + (Says(streamed) ? 0 : 1),
                duplicated: Repeats(answer) + Math.Max(0, done.Count - 1) + Repeats(tokens));

            Assert.True(response.IsSuccessStatusCode, $"POST /api/v1/chat answered {(int)response.StatusCode}: {body}");
            Assert.Equal("generative", answered.GetProperty("mode").GetString());
            Assert.Contains("chloroplasts", answer, StringComparison.Ordinal);
            Assert.Equal("done", events[^1].Event);
            Assert.Single(done);
            Assert.Contains("chloroplasts", streamed, StringComparison.Ordinal);
            Assert.Equal(0, Repeats(tokens));
            Assert.True(events.Count(e => e.Event == "token") > 1, "The answer should have gone on streaming after the cut.");
            FaultReport.FaultSurvived(DuringChat);
        }
        finally
        {
            proxied.Redis.ComeBack();
            platform.Llm.Responder = null;
        }
    }

    private static bool Says(string answer) => answer.Contains("chloroplasts", StringComparison.Ordinal);

    /// <summary>How many times the scripted reply's key word appears beyond once: a piece streamed twice shows here.</summary>
    private static int Repeats(string text) => Math.Max(0, (text.Length - text.Replace("chloroplasts", string.Empty, StringComparison.Ordinal).Length) / "chloroplasts".Length - 1);

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

    /// <summary>
    /// Runs generations (added to <paramref name="generations"/>) until one has run on the Redis-shared limit (the
    /// client reconnects within seconds) or a minute has passed; answers the limiter's mode then.
    /// </summary>
    private async Task<string> RunUntilSharedAsync(IntegrationTests.Api.TaskRunnerApiClient api, List<Guid> generations)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string mode;
        do
        {
            generations.Add(await api.GenerateAcceptedAsync(Generation));
            await api.WaitForFinalAsync(generations[^1], TimeSpan.FromSeconds(90));
            mode = await LimiterModeAsync();
        }
        while (mode != "shared" && DateTime.UtcNow < deadline);

        return mode;
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
