using System.Collections.Concurrent;
using System.Diagnostics;

namespace TaskRunner.IntegrationTests.Infrastructure;

/// <summary>
/// A Worker as a real child process (the built TaskRunner.Worker.dll), so a test can kill it with SIGKILL, or stop it
/// and read what it logged.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private WorkerProcess(Process process) => this.process = process;

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Everything the process wrote to stdout and stderr so far (its console log), one line per entry.</summary>
    public string Output => string.Join('\n', output);

    public static WorkerProcess Start(IReadOnlyDictionary<string, string> settings, string queues)
    {
        var dll = Path.Combine(TestSettings.RepositoryRoot, "Worker", "bin", TestSettings.BuildConfiguration, "net10.0", "TaskRunner.Worker.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build the Worker project first.", dll);
        }

        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--queues");
        info.ArgumentList.Add(queues);
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the Worker process.");
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>SIGKILL: no shutdown hooks, no chance to requeue — as when a machine dies.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>Stops the process with SIGTERM, so its logger flushes, and waits until all of its output has been read.</summary>
    public async Task<string> StopAsync(CancellationToken ct = default)
    {
        if (!process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync(ct);
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
            patience.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        // WaitForExitAsync also waits until the redirected output has been read to its end.
        await process.WaitForExitAsync(ct);
        return Output;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
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
}
