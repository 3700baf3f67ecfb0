using System.Diagnostics;

namespace TaskRunner.IntegrationTests.Infrastructure;

/// <summary>A Worker as a real child process (the built TaskRunner.Worker.dll), so a test can kill it with SIGKILL.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process process;

    private WorkerProcess(Process process) => this.process = process;

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

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
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process);
    }

    /// <summary>SIGKILL: no shutdown hooks, no chance to requeue — as when a machine dies.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
