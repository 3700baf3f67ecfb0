using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Observability;

/// <summary>
/// The provisioned Grafana dashboard's queries, evaluated by a real Prometheus that scrapes the real Api and Worker
/// processes after real work: Grafana itself cannot run on the build machine, but every figure it draws is one of
/// these answers.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PrometheusDashboardTests(PlatformFixture platform)
{
    /// <summary>Panels that must draw something after the workload (the others must at least be valid PromQL).</summary>
    private static readonly string[] KeyPanels =
    [
        "Queue depth", "Oldest waiting task", "Tasks by type and status", "Task duration", "Pickup latency", "Step duration",
        "Retries and failures", "LLM call latency", "LLM tokens", "LLM errors and retries", "Embedded chunks", "Vector search latency",
    ];

    [Fact]
    public async Task Every_dashboard_query_evaluates_in_prometheus_and_the_key_panels_have_series_after_a_workload()
    {
        var dashboard = await GrafanaDashboard.LoadAsync();
        Assert.True(dashboard.Queries.Count >= 14, string.Join('\n', dashboard.Queries.Select(q => q.Expression)));

        await using var monitored = await MonitoredPlatform.StartAsync(platform);
        await monitored.WaitUntilScrapedAsync();
        await DashboardWorkload.RunAsync(monitored.Client, platform.Llm, noops: 20);

        // The last figures reach Prometheus with the next scrapes (every second); wait for them, then judge every query.
        var keyQueries = KeyPanels.SelectMany(dashboard.Panel).ToList();
        IReadOnlyList<PrometheusAnswer> empty = [];
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var answers = await Task.WhenAll(keyQueries.Select(q => monitored.Prometheus.QueryAsync(q.Expanded)));
            empty = answers.Where(a => !a.Succeeded || a.Series.Count == 0).ToList();
            if (empty.Count == 0)
            {
                break;
            }

            await Task.Delay(1000);
        }

        Assert.True(empty.Count == 0, "Key panels without series:\n" + string.Join('\n', empty) + "\n" + monitored.Prometheus.Log);

        var failed = new List<PrometheusAnswer>();
        foreach (var query in dashboard.Queries)
        {
            var answer = await monitored.Prometheus.QueryAsync(query.Expanded);
            if (!answer.Succeeded)
            {
                failed.Add(answer);
            }
        }

        Assert.True(failed.Count == 0, "Dashboard queries Prometheus refused:\n" + string.Join('\n', failed));

        // The figures are the workload's, from both processes: the Api counts submits, the Worker the rest.
        var tasks = await monitored.Prometheus.QueryAsync("sum by (job, type, status) (taskrunner_tasks_total)");
        Assert.Contains(tasks.Series, s => Label(s, "job") == "taskrunner-api" && Label(s, "type") == "diagnostics.noop" && Label(s, "status") == "queued");
        Assert.Contains(tasks.Series, s => Label(s, "job") == "taskrunner-worker" && Label(s, "type") == "diagnostics.noop" && Label(s, "status") == "succeeded" && Value(s) >= 20);
        Assert.Contains(tasks.Series, s => Label(s, "job") == "taskrunner-worker" && Label(s, "type") == "llm.prompt" && Label(s, "status") == "failed");
        var failures = await monitored.Prometheus.QueryAsync(dashboard.Panel("Retries and failures").Last().Expanded);
        Assert.Contains(failures.Series, s => Label(s, "type") == "llm.prompt");
    }

    private static string? Label(System.Text.Json.JsonElement series, string name) =>
        series.GetProperty("metric").TryGetProperty(name, out var value) ? value.GetString() : null;

    private static double Value(System.Text.Json.JsonElement series) =>
        double.Parse(series.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}
