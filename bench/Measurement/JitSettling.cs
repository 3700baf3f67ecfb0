using System.Globalization;
using TaskRunner.Bench.Scenarios;

namespace TaskRunner.Bench.Measurement;

/// <summary>
/// Waits until the platform's processes stop compiling: their JIT-compiled method counts (the runtime meter at
/// <c>/metrics</c>) grow by less than <see cref="QuietMethods"/> over <see cref="Window"/>. Tiered compilation
/// recompiles a method once it has been called often enough, and a burst of a thousand tasks reaches that count for
/// thousands of methods at once: on two cores the background recompilation took a quarter of the machine's CPU through
/// the measured rounds that followed a warm-up of 100 tasks (<c>bench/results/engine8/notes.md</c>). A server that has
/// been up a while has done it; a measured round should not pay for it.
/// </summary>
public static class JitSettling
{
    public const int QuietMethods = 50;

    public static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>"JIT quiet after 18 s (api 19,700 methods, worker 27,746 methods)", or that it was not within <see cref="Timeout"/>.</summary>
    public static async Task<string> WaitAsync(IReadOnlyDictionary<string, HttpClient> processes, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var before = await CountsAsync(processes, ct);
        while (true)
        {
            await Task.Delay(Window, ct);
            var now = await CountsAsync(processes, ct);
            var quiet = now.All(p => p.Value - before.GetValueOrDefault(p.Key) < QuietMethods);
            var waited = DateTime.UtcNow - started;
            if (quiet || waited > Timeout)
            {
                var counts = string.Join(", ", now.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:N0} methods")));
                return string.Create(CultureInfo.InvariantCulture, $"JIT {(quiet ? "quiet" : "still compiling")} after {waited.TotalSeconds:0} s ({counts})");
            }

            before = now;
        }
    }

    /// <summary>Each process's count of JIT-compiled methods so far (0 for a process without the meter).</summary>
    public static async Task<Dictionary<string, double>> CountsAsync(IReadOnlyDictionary<string, HttpClient> processes, CancellationToken ct)
    {
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, http) in processes)
        {
            try
            {
                counts[name] = (await ApiRuntimeMetrics.ScrapeAsync(http, ct)).JitMethods;
            }
            catch (HttpRequestException)
            {
                counts[name] = 0; // no meter to read: nothing to wait for
            }
        }

        return counts;
    }
}
