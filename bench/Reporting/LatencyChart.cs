using ScottPlot;
using TaskRunner.Bench.Measurement;
using TaskRunner.Bench.Scenarios;

namespace TaskRunner.Bench.Reporting;

/// <summary>
/// latency.png: p50/p95/p99 against concurrency for enqueue and status polling (platform solid, bare reference dashed),
/// and task latency against the number of concurrent one-second LLM-bound tasks.
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
        plot.Axes.SetLimitsY(0, double.NaN);
        plot.ShowLegend(Alignment.UpperLeft);
    }

    private static void LlmPanel(Plot plot, BenchReport report)
    {
        plot.Title("1 s LLM-bound tasks: submit → finished");
        plot.Axes.Bottom.Label.Text = "concurrent tasks";
        plot.Axes.Left.Label.Text = "latency (ms)";
        var generation = report.Results.Where(r => r.Scenario == GenerationScenario.Name && r.LatencyMs is not null).ToList();
        var rows = (generation.Count > 0 ? generation : report.Results.Where(r => r.Scenario == GenerationScenario.AwaitName && r.LatencyMs is not null))
            .OrderBy(r => r.Concurrency).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var xs = rows.Select(r => Math.Log10(r.Concurrency)).ToArray();
        Lines(plot, xs, rows.Select(r => r.LatencyMs!).ToList(), generation.Count > 0 ? "generation" : "1 s noop await", LinePattern.Solid);
        if (rows[0].Reference is { LatencyMs: { } blocking } reference)
        {
            var line = plot.Add.HorizontalLine(reference.DurationSeconds * 1000, 2, Colors[2], LinePattern.Dotted);
            line.LegendText = $"blocking, {reference.Count} calls: wall";
            _ = blocking;
        }

        plot.Axes.Bottom.SetTicks(xs, rows.Select(r => r.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimitsY(0, double.NaN);
        plot.ShowLegend(Alignment.UpperLeft);
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
