using Microsoft.Playwright;
using TaskRunner.IntegrationTests.Observability;
using Xunit.Abstractions;

namespace TaskRunner.WebTests;

/// <summary>
/// Pictures of the Grafana dashboard's figures for the README. Grafana cannot run on the build machine, so these are
/// Prometheus's own graph page (Debian's prometheus, its classic UI) drawing the dashboard's queries while the real Api
/// and Worker processes run a workload. scripts/metrics-screenshots.sh runs this test with
/// TASKRUNNER_SCREENSHOT_DIR=docs/images; in the ordinary test run the pictures go to TestResults/app-screenshots.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class MetricsScreenshotTests(WebAppFixture app, ITestOutputHelper output)
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The picture's file and the dashboard panel whose first query it draws.</summary>
    private static readonly (string File, string Panel)[] Pictures =
    [
        ("metrics-queue-depth.png", "Queue depth"),
        ("metrics-tasks.png", "Tasks by type and status"),
        ("metrics-task-duration.png", "Task duration"),
        ("metrics-llm-latency.png", "LLM call latency"),
    ];

    private static string Directory { get; } = Environment.GetEnvironmentVariable("TASKRUNNER_SCREENSHOT_DIR") is { Length: > 0 } dir
        ? Path.GetFullPath(dir)
        : Path.Combine(AppContext.BaseDirectory, "TestResults", "app-screenshots");

    [Fact]
    public async Task The_dashboards_queries_are_drawn_by_prometheus_while_a_workload_runs()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var dashboard = await GrafanaDashboard.LoadAsync();
        await using var monitored = await MonitoredPlatform.StartAsync(app.Platform);
        await monitored.WaitUntilScrapedAsync();

        // Two rounds a few seconds apart, so the graphs show the backlog rising and draining twice.
        await DashboardWorkload.RunAsync(monitored.Client, app.Platform.Llm, noops: 60);
        await Task.Delay(TimeSpan.FromSeconds(5));
        await DashboardWorkload.RunAsync(monitored.Client, app.Platform.Llm, noops: 60);
        await Task.Delay(TimeSpan.FromSeconds(3));

        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 820 } });
        try
        {
            var page = await context.NewPageAsync();
            foreach (var (file, panel) in Pictures)
            {
                var query = dashboard.Panel(panel)[0];
                var answer = await monitored.Prometheus.QueryAsync(query.Expanded);
                Assert.True(answer.Succeeded && answer.Series.Count > 0, $"{panel}: {answer}");

                var url = $"{monitored.Prometheus.BaseAddress}classic/graph?g0.expr={Uri.EscapeDataString(query.Expanded)}&g0.tab=0&g0.range_input=1m&g0.stacked=0";
                await page.GotoAsync(url);
                await page.Locator(".graph_area .graph svg").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
                var path = Path.Combine(Directory, file);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
                output.WriteLine($"Saved {path} ({panel}: {query.Expanded})");
            }
        }
        finally
        {
            await context.CloseAsync();
        }

        foreach (var (file, _) in Pictures)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(Directory, file));
            Assert.Equal(PngSignature, bytes.Take(8));
        }
    }
}
