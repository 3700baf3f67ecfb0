using System.Globalization;
using System.Text.RegularExpressions;

namespace TaskRunner.IntegrationTests.Observability;

/// <summary>A /metrics answer in the Prometheus text format, read line by line.</summary>
public sealed partial class PrometheusScrape(string text)
{
    public string Text => text;

    /// <summary>Every metric name that has a sample (<c>name{…} value</c> or <c>name value</c>).</summary>
    public IReadOnlySet<string> Names { get; } = text.Split('\n')
        .Where(l => l.Length > 0 && l[0] != '#')
        .Select(l => SampleName().Match(l))
        .Where(m => m.Success)
        .Select(m => m.Value)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        text.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(l => labels.All(p => l.Contains($"{p.Label}=\"{p.Value}\"", StringComparison.Ordinal)))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    public static async Task<PrometheusScrape> ReadAsync(HttpClient client, string url = "/metrics")
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {body}");
        return new PrometheusScrape(body);
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SampleName();
}
