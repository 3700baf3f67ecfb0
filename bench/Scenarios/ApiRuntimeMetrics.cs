using System.Globalization;
using System.Text.RegularExpressions;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// The Api's runtime counters (the System.Runtime meter at <c>/metrics</c>): JIT time and methods, GC pause time and
/// collections, CPU time. Two scrapes give what the runtime spent between them, so a measured run can show whether
/// the process was still compiling (tiering) or collecting while it was measured.
/// </summary>
public sealed partial record ApiRuntimeMetrics(double JitSeconds, double JitMethods, double GcPauseSeconds, double GcCollections, double CpuSeconds)
{
    /// <summary>True when the Api exports the runtime meter (older builds do not); meaningful on a scrape, not on a difference.</summary>
    public bool Exported => JitMethods > 0;

    public static async Task<ApiRuntimeMetrics> ScrapeAsync(HttpClient api, CancellationToken ct)
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match m in Line().Matches(await api.GetStringAsync("/metrics", ct)))
        {
            var name = m.Groups["metric"].Value;
            sums[name] = sums.GetValueOrDefault(name) + double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
        }

        double Sum(string part) => sums.Where(s => s.Key.Contains(part, StringComparison.Ordinal)).Sum(s => s.Value);
        return new ApiRuntimeMetrics(Sum("jit_compilation_time"), Sum("jit_compiled_methods"), Sum("gc_pause_time"), Sum("gc_collections"), Sum("process_cpu_time"));
    }

    public ApiRuntimeMetrics Since(ApiRuntimeMetrics before) => new(JitSeconds - before.JitSeconds, JitMethods - before.JitMethods,
        GcPauseSeconds - before.GcPauseSeconds, GcCollections - before.GcCollections, CpuSeconds - before.CpuSeconds);

    /// <summary>"the Api's runtime: JIT 812 ms (1,204 methods), GC pauses 35 ms (12 collections), CPU 1.9 s" for a difference of two scrapes.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"the Api's runtime: JIT {JitSeconds * 1000:0} ms ({JitMethods:0} methods), GC pauses {GcPauseSeconds * 1000:0} ms ({GcCollections:0} collections), CPU {CpuSeconds:0.00} s");

    [GeneratedRegex(@"^(?<metric>dotnet_[a-z_]+)(\{[^}]*\})? (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex Line();
}
