using ScottPlot;
using TaskRunner.Bench.Measurement;
using TaskRunner.Bench.Scenarios;

namespace TaskRunner.Bench.Reporting;

/// <summary>
/// latency.png: p50/p95/p99 against concurrency for enqueue and status polling (platform solid, bare reference dashed),
/// and the wall time of N concurrent one-second LLM-bound tasks against the blocking caller.
/// </summary>
public static class LatencyChart
{
    private static readonly Color[] Colors = [new("#1f77b4"), new("#ff7f0e"), new("#d62728")];

    public static void Save(BenchReport report, string path)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(3);
        Panel(multiplot.GetPlot(0), report, EnqueueScenario.Name, "Enqueue: POST /documents", "bare insert");
        Panel(multiplot.GetPlot(1), report, StatusScenario.Name, "Status: GET /tasks/{id}", "bare select");
        LlmPanel(multiplot.GetPlot(2), report);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        multiplot.SavePng(path, 1500, 520);
    }

    private static void Panel(Plot plot, BenchReport report, string scenario, string title, string referenceName)
    {
        var rows = report.Results.Where(r => r.Scenario == scenario && r.LatencyMs is not null).OrderBy(r => r.Concurrency).ToList();
        plot.Title(title);
        plot.Axes.Bottom.Label.Text = "concurrent clients";
        plot.Axes.Left.Label.Text = "latency (ms)";
        if (rows.Count == 0)
        {
            return;
        }

        var xs = rows.Select(r => Math.Log2(r.Concurrency)).ToArray();
        Lines(plot, xs, rows.Select(r => r.LatencyMs!).ToList(), "platform", LinePattern.Solid);
        var references = rows.Select(r => r.Reference?.LatencyMs).ToList();
        if (references.All(x => x is not null))
        {
            Lines(plot, xs, references!, referenceName, LinePattern.Dashed);
        }

        plot.Axes.Bottom.SetTicks(xs, rows.Select(r => r.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        var top = rows.Max(r => Math.Max(r.LatencyMs!.P99, r.Reference?.LatencyMs?.P99 ?? 0));
        plot.Axes.SetLimitsY(0, top * 1.1);
        plot.ShowLegend(Alignment.UpperLeft);
    }

    /// <summary>Wall time until N one-second tasks are all done, platform against the blocking caller, on log axes.</summary>
    private static void LlmPanel(Plot plot, BenchReport report)
    {
        plot.Title("N one-second LLM-bound tasks: wall time");
        plot.Axes.Bottom.Label.Text = "concurrent tasks";
        plot.Axes.Left.Label.Text = "seconds until all finished (log)";
        var series = new[] { (GenerationScenario.Name, "generation"), (GenerationScenario.AwaitName, "1 s noop await") }
            .Select(s => (Rows: report.Results.Where(r => r.Scenario == s.Item1 && r.Status == "ok").OrderBy(r => r.Concurrency).ToList(), Label: s.Item2))
            .Where(s => s.Rows.Count > 0).ToList();
        if (series.Count == 0)
        {
            return;
        }

        var color = 0;
        foreach (var (rows, label) in series)
        {
            Wall(plot, rows.Select(r => (r.Concurrency, r.DurationSeconds)).ToList(), $"platform, {label}", Colors[color++], LinePattern.Solid);
        }

        var reference = series[0].Rows.Where(r => r.Reference is not null).Select(r => (r.Concurrency, r.Reference!.DurationSeconds)).ToList();
        Wall(plot, reference, "blocking, 8 threads (1000: estimated)", Colors[2], LinePattern.Dashed);
        var ticks = new[] { 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500 };
        plot.Axes.Left.SetTicks(ticks.Select(Math.Log10).ToArray(), ticks.Select(t => t.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        var counts = series[0].Rows.Select(r => r.Concurrency).ToArray();
        plot.Axes.Bottom.SetTicks(counts.Select(c => Math.Log10(c)).ToArray(), counts.Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.ShowLegend(Alignment.UpperLeft);
    }

    private static void Wall(Plot plot, IReadOnlyList<(int N, double Seconds)> points, string label, Color color, LinePattern pattern)
    {
        var scatter = plot.Add.Scatter(points.Select(p => Math.Log10(p.N)).ToArray(), points.Select(p => Math.Log10(Math.Max(p.Seconds, 0.01))).ToArray(), color);
        scatter.LinePattern = pattern;
        scatter.LineWidth = 2;
        scatter.MarkerSize = 7;
        scatter.LegendText = label;
    }

    private static void Lines(Plot plot, double[] xs, IReadOnlyList<Percentiles> latencies, string name, LinePattern pattern)
    {
        (string Label, Func<Percentiles, double> Value)[] series = [("p50", p => p.P50), ("p95", p => p.P95), ("p99", p => p.P99)];
        for (var i = 0; i < series.Length; i++)
        {
            var scatter = plot.Add.Scatter(xs, latencies.Select(series[i].Value).ToArray(), Colors[i]);
            scatter.LinePattern = pattern;
            scatter.LineWidth = 2;
            scatter.MarkerSize = 6;
            scatter.LegendText = $"{name} {series[i].Label}";
        }
    }
}
