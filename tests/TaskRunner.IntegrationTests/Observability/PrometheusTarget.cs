namespace TaskRunner.IntegrationTests.Observability;

/// <summary>One scrape job: its name, the process's /metrics address, and the bearer token when the port needs one (the Api's main port needs an operator key).</summary>
public sealed record PrometheusTarget(string Job, Uri Address, string? BearerToken = null);
