namespace TaskRunner.IntegrationTests.Observability;

/// <summary>One PromQL target of a dashboard panel, as written and with Grafana's variables replaced.</summary>
public sealed record GrafanaQuery(string Panel, string RefId, string Expression, string Expanded);
