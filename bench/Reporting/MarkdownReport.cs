using System.Globalization;
using System.Text;
using TaskRunner.Bench.Measurement;

namespace TaskRunner.Bench.Reporting;

/// <summary>The results as a Markdown table (bench/results/latest.md; README quotes it).</summary>
public static class MarkdownReport
{
    public static string Render(BenchReport report)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured {report.Machine.Date} on {report.Machine.Summary}; {report.Mode} run, {report.TotalSeconds:0} s in all.");
        md.AppendLine();
        md.AppendLine("| Scenario | Workload | Conc. | Duration | Rate | p50 / p95 / p99 ms | Reference (same run) | Ratio | Status |");
        md.AppendLine("|---|---|---:|---:|---:|---|---|---:|---|");
        foreach (var r in report.Results)
        {
            var latency = r.LatencyMs is { } l ? $"{F(l.P50)} / {F(l.P95)} / {F(l.P99)} ({r.LatencyMeaning})" : "—";
            var reference = r.Reference is { } x
                ? $"{x.Name}: {F(x.Rate)}{(x.LatencyMs is { } xl ? $", {F(xl.P50)} / {F(xl.P95)} / {F(xl.P99)} ms" : "")}, {x.DurationSeconds:0.###} s"
                : "—";
            var ratio = r.Ratio is { } ratioValue ? $"{ratioValue:0.###}×" : "—";
            var notes = r.Notes is null ? "" : $" {r.Notes}";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.Workload}.{notes} | {r.Concurrency} | {r.DurationSeconds:0.###} s | {F(r.Rate)} {r.RateUnit} | {latency} | {reference} | {ratio} | {r.Status} |");
        }

        md.AppendLine();
        md.AppendLine("Ratios: enqueue and status are platform rate / bare reference rate; job overhead is platform tasks/s / bare Hangfire jobs/s; " +
            "LLM-bound rows are the speed-up in wall time over the blocking caller for the same number of calls; embedded chunks compare the whole pipeline with the embedder alone.");
        return md.ToString();
    }

    private static string F(double value) => value.ToString(value >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);
}
