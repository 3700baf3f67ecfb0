namespace TaskRunner.Tasks.Telemetry;

/// <summary>
/// <c>Metrics__Port</c>: a port on which this process also listens and serves <c>/metrics</c> without an API key, for a
/// Prometheus inside the deployment's network. Unset: the Worker serves <c>/metrics</c> on its health port and the Api
/// serves it on its own port to operator keys only.
/// </summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    public const string Path = "/metrics";

    [System.ComponentModel.DataAnnotations.Range(1, 65535)]
    public int? Port { get; set; }

    /// <summary>How long queue figures read from Postgres are reused between scrapes.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 300)]
    public double QueueCacheSeconds { get; set; } = 5;
}
