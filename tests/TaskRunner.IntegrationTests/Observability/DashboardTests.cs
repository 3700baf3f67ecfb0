using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using TaskRunner.IntegrationTests.Api;
using TaskRunner.IntegrationTests.Infrastructure;
using TaskRunner.IntegrationTests.Prompts;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.IntegrationTests.Observability;

/// <summary>The Grafana dashboard in deploy/ asks only for metrics that a real Api and Worker expose after real work.</summary>
[Collection(PlatformCollection.Name)]
public sealed partial class DashboardTests(PlatformFixture platform)
{
    private readonly TaskRunnerApiClient api = platform.ApiClient;

    [Fact]
    public async Task Every_metric_the_dashboard_queries_is_in_a_scrape_after_a_mixed_workload()
    {
        var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(TestSettings.RepositoryRoot, "deploy", "grafana", "dashboards", "taskrunner.json")));
        var queried = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => MetricName().Matches(t.GetProperty("expr").GetString()!).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(queried.Count >= 14, string.Join(", ", queried));

        var worker = await platform.StartWorkerAsync("default,embed,ingest,llm", 2);
        try
        {
            await RunMixedWorkloadAsync();
            using var workerClient = new HttpClient { BaseAddress = new Uri(worker.Urls.First()) };
            var exposed = (await PrometheusScrape.ReadAsync(platform.Client)).Names.Union((await PrometheusScrape.ReadAsync(workerClient)).Names).ToHashSet();
            var missing = queried.Where(name => !exposed.Contains(name)).ToList();
            Assert.True(missing.Count == 0, $"The dashboard queries metrics no scrape has: {string.Join(", ", missing)}.\nExposed: {string.Join(", ", exposed.Order())}");
        }
        finally
        {
            await platform.StopWorkerAsync(worker);
        }
    }

    /// <summary>A noop, an upload and a search, a prompt that fails for good, one that is retried, and an SSE stream.</summary>
    private async Task RunMixedWorkloadAsync()
    {
        var noop = await api.SubmitNoopAsync(50, 2);
        await foreach (var _ in api.ReadEventsAsync(noop.TaskId))
        {
        }

        var upload = await api.UploadAcceptedAsync("光合作用把光能变成化学能。Photosynthesis stores light as sugar."u8.ToArray(), $"dashboard-{Guid.NewGuid():N}.txt");
        await api.WaitForFinalAsync(Guid.Parse(upload.GetProperty("taskId").GetString()!));
        using (var search = await platform.Client.PostAsJsonAsync("/api/v1/search", new { query = "光合作用", topK = 3 }))
        {
            Assert.True(search.IsSuccessStatusCode, await search.Content.ReadAsStringAsync());
        }

        platform.Llm.Enqueue(ScriptedReply.Status(400));
        var refused = await api.SubmitPromptAsync(new { prompt = "This one is refused.", maxTokens = 20 });
        Assert.Equal("failed", (await api.WaitForFinalAsync(refused.TaskId)).GetProperty("status").GetString());

        // Five 500s outlast the LLM client's own retries (1 + 4), so the task itself is retried once and then succeeds.
        platform.Llm.Enqueue(Enumerable.Range(0, 5).Select(_ => ScriptedReply.ServerError()).ToArray());
        var retried = await api.SubmitPromptAsync(new { prompt = "This one is retried.", maxTokens = 20 });
        Assert.Equal("succeeded", (await api.WaitForFinalAsync(retried.TaskId, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());
    }

    /// <summary>A metric name as the dashboard's PromQL uses it (labels and functions are not ours).</summary>
    [GeneratedRegex(@"\btaskrunner_[a-z_]+\b")]
    private static partial Regex MetricName();
}
