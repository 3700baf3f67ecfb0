using System.Text.Json;

namespace TaskRunner.IntegrationTests.Observability;

/// <summary>What /api/v1/query answered for one expression: its HTTP and Prometheus status, the error if any, and the series.</summary>
public sealed record PrometheusAnswer(string Query, int HttpStatus, string Status, string? Error, IReadOnlyList<JsonElement> Series)
{
    public bool Succeeded => HttpStatus == 200 && Status == "success";

    public override string ToString() => Succeeded ? $"{Query}: {Series.Count} series" : $"{Query}: {HttpStatus} {Status} {Error}";
}
