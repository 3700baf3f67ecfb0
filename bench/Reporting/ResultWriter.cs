using System.Text.Json;

namespace TaskRunner.Bench.Reporting;

/// <summary>Writes latest.json, latest.md and latency.png into the output folder.</summary>
public static class ResultWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task WriteAsync(BenchReport report, string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "latest.json"), JsonSerializer.Serialize(report, Json), ct);
        await File.WriteAllTextAsync(Path.Combine(directory, "latest.md"), MarkdownReport.Render(report), ct);
        LatencyChart.Save(report, Path.Combine(directory, "latency.png"));
    }
}
