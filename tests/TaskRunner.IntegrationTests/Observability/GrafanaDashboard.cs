using System.Text.Json;
using System.Text.RegularExpressions;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Observability;

/// <summary>
/// The provisioned Grafana dashboard (deploy/grafana/dashboards/taskrunner.json) read as its panels' PromQL, with
/// Grafana's variables replaced as Grafana would on a 15 s-interval, 5-minute view: <c>$__rate_interval</c> and
/// <c>$__range</c> become <c>5m</c>, <c>$__interval</c> <c>15s</c>, and a template variable its current value, or
/// <c>.*</c> (every value) when that is "All".
/// </summary>
public sealed partial class GrafanaDashboard(IReadOnlyList<GrafanaQuery> queries)
{
    public static string FilePath { get; } = Path.Combine(TestSettings.RepositoryRoot, "deploy", "grafana", "dashboards", "taskrunner.json");

    public IReadOnlyList<GrafanaQuery> Queries { get; } = queries;

    public static async Task<GrafanaDashboard> LoadAsync()
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(FilePath));
        var variables = Variables(json.RootElement);
        var queries = Panels(json.RootElement)
            .SelectMany(panel => panel.TryGetProperty("targets", out var targets)
                ? targets.EnumerateArray()
                    .Where(t => t.TryGetProperty("expr", out _))
                    .Select(t => new GrafanaQuery(
                        panel.GetProperty("title").GetString()!,
                        t.TryGetProperty("refId", out var r) ? r.GetString() ?? "" : "",
                        t.GetProperty("expr").GetString()!,
                        Expand(t.GetProperty("expr").GetString()!, variables)))
                : [])
            .ToList();
        return new GrafanaDashboard(queries);
    }

    /// <summary>The expressions of the panels whose title contains <paramref name="title"/>.</summary>
    public IReadOnlyList<GrafanaQuery> Panel(string title) =>
        Queries.Where(q => q.Panel.Contains(title, StringComparison.OrdinalIgnoreCase)).ToList() is { Count: > 0 } found
            ? found
            : throw new InvalidOperationException($"The dashboard has no panel titled like '{title}'; it has: {string.Join(", ", Queries.Select(q => q.Panel).Distinct())}.");

    public static string Expand(string expr, IReadOnlyDictionary<string, string> variables)
    {
        var expanded = expr
            .Replace("$__rate_interval", "5m", StringComparison.Ordinal)
            .Replace("${__rate_interval}", "5m", StringComparison.Ordinal)
            .Replace("$__interval_ms", "15000", StringComparison.Ordinal)
            .Replace("$__interval", "15s", StringComparison.Ordinal)
            .Replace("${__interval}", "15s", StringComparison.Ordinal)
            .Replace("$__range", "5m", StringComparison.Ordinal)
            .Replace("${__range}", "5m", StringComparison.Ordinal);
        return Variable().Replace(expanded, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["bracket"].Success ? m.Groups["bracket"].Value : m.Groups["plain"].Value;
            return variables.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"'{expr}' uses ${name}, which the dashboard does not define.");
        });
    }

    /// <summary>Panels, including those inside collapsed rows.</summary>
    private static IEnumerable<JsonElement> Panels(JsonElement root) =>
        root.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.TryGetProperty("panels", out var inner) ? inner.EnumerateArray().Prepend(p) : [p]);

    private static Dictionary<string, string> Variables(JsonElement root)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty("templating", out var templating) || !templating.TryGetProperty("list", out var list))
        {
            return variables;
        }

        foreach (var variable in list.EnumerateArray())
        {
            var name = variable.GetProperty("name").GetString()!;
            var current = variable.TryGetProperty("current", out var c) && c.TryGetProperty("value", out var v) ? v : default;
            var value = current.ValueKind switch
            {
                JsonValueKind.String when current.GetString() != "$__all" => current.GetString()!,
                JsonValueKind.Array when current.GetArrayLength() > 0 && current[0].GetString() != "$__all" => string.Join('|', current.EnumerateArray().Select(x => x.GetString())),
                _ => variable.TryGetProperty("allValue", out var all) && all.ValueKind == JsonValueKind.String ? all.GetString()! : ".*",
            };
            variables[name] = value;
        }

        return variables;
    }

    [GeneratedRegex(@"\$\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)(?::[a-z]+)?\}|\[\[(?<bracket>[A-Za-z_][A-Za-z0-9_]*)\]\]|\$(?<plain>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Variable();
}
