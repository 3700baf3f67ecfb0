using System.Net;
using System.Net.Sockets;
using TaskRunner.Client;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Observability;

/// <summary>
/// The fixture's platform as an operator deploys it, watched by a real Prometheus: the Api process (scraped on its own
/// port with an operator key) and a Worker process serving every queue (scraped on <c>Metrics__Port</c>, no key). The
/// fixture's in-process Workers are stopped while it runs, so the Worker process does all the work, and started again
/// when it is disposed.
/// </summary>
public sealed class MonitoredPlatform : IAsyncDisposable
{
    private readonly PlatformFixture platform;
    private readonly ApiProcess api;
    private readonly WorkerProcess worker;
    private readonly HttpClient http;

    private MonitoredPlatform(PlatformFixture platform, ApiProcess api, WorkerProcess worker, PrometheusServer prometheus, HttpClient http, TaskRunnerClient client)
    {
        this.platform = platform;
        this.api = api;
        this.worker = worker;
        this.http = http;
        Prometheus = prometheus;
        Client = client;
    }

    public PrometheusServer Prometheus { get; }

    /// <summary>The generated client, with an operator key of a tenant of its own (no-op tasks need one), on the Api process.</summary>
    public TaskRunnerClient Client { get; }

    public Uri ApiAddress => api.BaseAddress;

    public static async Task<MonitoredPlatform> StartAsync(PlatformFixture platform)
    {
        await platform.StopInProcessWorkersAsync();
        var metricsPort = FreePort();
        var workerSettings = new Dictionary<string, string>(platform.Settings) { ["Metrics__Port"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var worker = WorkerProcess.Start(workerSettings, "default,embed,ingest,llm");
        var workerMetrics = new Uri($"http://127.0.0.1:{metricsPort}");
        await WaitForAsync(workerMetrics, worker);

        var api = await ApiProcess.StartAsync(platform.Settings);
        var operatorKey = (await platform.CreateKeyAsync("operator", isOperator: true)).Key;
        var prometheus = await PrometheusServer.StartAsync(
        [
            new PrometheusTarget("taskrunner-api", api.BaseAddress, operatorKey),
            new PrometheusTarget("taskrunner-worker", workerMetrics),
        ]);
        var http = new HttpClient();
        var client = TaskRunnerClientFactory.Create(http, api.BaseAddress, (await platform.CreateKeyAsync($"metrics-{Guid.NewGuid():N}"[..20], isOperator: true)).Key);
        return new MonitoredPlatform(platform, api, worker, prometheus, http, client);
    }

    /// <summary>Waits until Prometheus has scraped both processes successfully (or says why not).</summary>
    public async Task WaitUntilScrapedAsync()
    {
        IReadOnlyDictionary<string, string> health = new Dictionary<string, string>();
        for (var i = 0; i < 120; i++)
        {
            health = await Prometheus.TargetHealthAsync();
            if (health.Count == 2 && health.Values.All(h => h == "up"))
            {
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"Prometheus could not scrape the platform: {string.Join("; ", health.Select(h => $"{h.Key}: {h.Value}"))}\n{Prometheus.Log}");
    }

    public async ValueTask DisposeAsync()
    {
        await Prometheus.DisposeAsync();
        http.Dispose();
        await api.DisposeAsync();
        worker.Dispose();
        await platform.EnsureWorkerAsync();
    }

    private static async Task WaitForAsync(Uri metrics, WorkerProcess worker)
    {
        using var probe = new HttpClient { BaseAddress = metrics };
        for (var i = 0; i < 300 && !worker.HasExited; i++)
        {
            try
            {
                if ((await probe.GetAsync("/metrics")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"The Worker process did not serve {metrics}metrics (exited: {worker.HasExited}).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
