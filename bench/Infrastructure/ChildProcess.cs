using System.Diagnostics;

namespace TaskRunner.Bench.Infrastructure;

/// <summary>A platform process (Api or Worker) started from its built dll, its output appended to a log file.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;

    private readonly List<string>? output;

    private ChildProcess(string name, Process process, StreamWriter log, List<string>? output)
    {
        this.output = output;
        Name = name;
        this.process = process;
        this.log = log;
    }

    public string Name { get; }

    public bool HasExited => process.HasExited;

    /// <summary>The operating system's process id (the chat scenario reads its CPU time from /proc).</summary>
    public int Id => process.Id;

    public static ChildProcess Start(string name, string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string logPath) =>
        Start(name, dll, args, environment, logPath, null);

    private static ChildProcess Start(string name, string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string logPath, List<string>? output)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the solution in Release first: {dll} is missing.", dll);
        }

        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {name}.");
        process.OutputDataReceived += (_, e) =>
        {
            Write(log, e.Data);
            if (output is not null && e.Data is not null)
            {
                lock (output)
                {
                    output.Add(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(name, process, log, output);
    }

    /// <summary>Runs a process to its end (e.g. <c>Api.dll migrate</c>), fails when it exits non-zero, and returns its standard output lines.</summary>
    public static async Task<IReadOnlyList<string>> RunToEndAsync(string name, string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string logPath, CancellationToken ct)
    {
        await using var child = Start(name, dll, args, environment, logPath, []);
        await child.process.WaitForExitAsync(ct);
        if (child.process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{name} exited with {child.process.ExitCode}; see {logPath}.");
        }

        lock (child.output!)
        {
            return [.. child.output];
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // SIGTERM first so Workers requeue what they run and leave Hangfire cleanly; then make sure.
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        process.Dispose();
        lock (log)
        {
            log.Dispose();
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
