using System.Diagnostics;
using System.Text.Json;

namespace TaskRunner.IntegrationTests.Infrastructure;

/// <summary>
/// The npm <c>eventsource</c> package (a standard EventSource client) run by Node on eventsource-client/watch-task.mjs;
/// scripts/test.sh installs it with <c>npm ci</c>. Returns the JSON lines the script wrote: requests, events, end.
/// </summary>
public static class EventSourceClient
{
    public static string Folder => Path.Combine(TestSettings.RepositoryRoot, "tests", "TaskRunner.IntegrationTests", "eventsource-client");

    public static async Task<IReadOnlyList<JsonElement>> WatchAsync(Uri url, string apiKey, TimeSpan giveUpAfter)
    {
        Assert.True(Directory.Exists(Path.Combine(Folder, "node_modules", "eventsource")),
            $"The eventsource package is not installed: run 'npm ci' in {Folder} (scripts/test.sh does).");
        var info = new ProcessStartInfo("node") { WorkingDirectory = Folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("watch-task.mjs");
        info.ArgumentList.Add(url.ToString());
        info.ArgumentList.Add(apiKey);
        info.ArgumentList.Add(((long)giveUpAfter.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(giveUpAfter + TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(patience.Token);
        Assert.True(process.ExitCode == 0, $"node exited with {process.ExitCode}: {await errors}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<JsonElement>(line)).ToList();
    }
}
