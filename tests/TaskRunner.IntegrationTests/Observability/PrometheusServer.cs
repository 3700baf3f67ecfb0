using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace TaskRunner.IntegrationTests.Observability;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c> package, which scripts/test.sh installs) as a child process on a free
/// loopback port, with its own config and TSDB in a temporary folder, scraping the given targets every second. The
/// package's own service is not used, so its port, data and config do not matter.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";

    private readonly Process process;
    private readonly string folder;
    private readonly ConcurrentQueue<string> log = new();

    private PrometheusServer(Process process, string folder, Uri baseAddress)
    {
        this.process = process;
        this.folder = folder;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public string Log => string.Join('\n', log);

    public static async Task<PrometheusServer> StartAsync(IReadOnlyList<PrometheusTarget> targets)
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: install Debian's prometheus package (scripts/test.sh does).");
        var folder = Directory.CreateTempSubdirectory("taskrunner-prometheus-").FullName;
        var config = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(config, Config(targets));
        var port = FreePort();
        var info = new ProcessStartInfo(Binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--storage.tsdb.retention.time=1h", "--log.level=warn",
                 })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start Prometheus.");
        var server = new PrometheusServer(process, folder, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => server.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var i = 0; i < 150 && !process.HasExited; i++)
        {
            try
            {
                if ((await server.Http.GetAsync("/-/ready")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        var output = server.Log;
        await server.DisposeAsync();
        throw new InvalidOperationException($"Prometheus did not become ready:\n{output}");
    }

    /// <summary>Evaluates <paramref name="promQl"/> now (GET /api/v1/query); the answer's status, error and result array.</summary>
    public async Task<PrometheusAnswer> QueryAsync(string promQl)
    {
        using var response = await Http.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promQl)}");
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var status = root.GetProperty("status").GetString()!;
        var error = root.TryGetProperty("error", out var e) ? e.GetString() : null;
        var series = status == "success" && root.GetProperty("data").GetProperty("result") is { ValueKind: JsonValueKind.Array } result
            ? result.EnumerateArray().Select(s => s.Clone()).ToList()
            : [];
        return new PrometheusAnswer(promQl, (int)response.StatusCode, status, error, series);
    }

    /// <summary>The scrape targets' health, as <c>job → up/down/unknown (last error)</c>.</summary>
    public async Task<IReadOnlyDictionary<string, string>> TargetHealthAsync()
    {
        using var json = JsonDocument.Parse(await Http.GetStringAsync("/api/v1/targets"));
        return json.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray().ToDictionary(
            t => t.GetProperty("labels").GetProperty("job").GetString()!,
            t => $"{t.GetProperty("health").GetString()} {t.GetProperty("lastError").GetString()}".Trim());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still closing; the temporary folder is cleaned by the system.
        }
    }

    private static string Config(IReadOnlyList<PrometheusTarget> targets)
    {
        var yaml = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\nscrape_configs:\n");
        foreach (var target in targets)
        {
            yaml.Append($"  - job_name: {target.Job}\n    metrics_path: /metrics\n");
            if (target.BearerToken is { } token)
            {
                yaml.Append($"    authorization:\n      credentials: '{token}'\n");
            }

            yaml.Append($"    static_configs:\n      - targets: ['{target.Address.Host}:{target.Address.Port}']\n");
        }

        return yaml.ToString();
    }

    private void Capture(string? line)
    {
        if (line is not null)
        {
            log.Enqueue(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
