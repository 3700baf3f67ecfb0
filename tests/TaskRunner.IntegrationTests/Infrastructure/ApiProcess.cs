using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TaskRunner.IntegrationTests.Infrastructure;

/// <summary>The built Api (TaskRunner.Api.dll) as a child process on real Kestrel, for limits the in-process test server does not apply.</summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private ApiProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Everything the process wrote to stdout and stderr so far (its console log), one line per entry.</summary>
    public string Output => string.Join('\n', output);

    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var dll = Path.Combine(TestSettings.RepositoryRoot, "Api", "bin", TestSettings.BuildConfiguration, "net10.0", "TaskRunner.Api.dll");
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";

        // Its "Now listening on" line proves this process holds the port: on a shared machine another process may
        // have taken it between FreePort and the bind, and would answer the health check instead.
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the Api process.");
        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => api.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => api.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = api.BaseAddress };
        for (var i = 0; i < 300 && !process.HasExited; i++)
        {
            if (!api.Output.Contains($"Now listening on: {api.BaseAddress.ToString().TrimEnd('/')}", StringComparison.Ordinal))
            {
                await Task.Delay(200);
                continue;
            }

            try
            {
                if ((await client.GetAsync("/health/live")).IsSuccessStatusCode)
                {
                    return api;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        var output = api.Output;
        await api.DisposeAsync();
        throw new TimeoutException("The Api process did not start:\n" + output);
    }

    /// <summary>Stops the process with SIGTERM, so its logger flushes, and waits until all of its output has been read.</summary>
    public async Task<string> StopAsync()
    {
        if (!process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        // WaitForExitAsync also waits until the redirected output has been read to its end.
        await process.WaitForExitAsync();
        return Output;
    }

    /// <summary>SIGKILL: the process dies at once, mid-request, as on a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is not null)
        {
            output.Enqueue(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
