using System.Globalization;
using System.Text.RegularExpressions;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Where the chats' time went inside the Api: the sums and counts of <c>taskrunner.chat.phase.duration</c> (per phase)
/// and of the LLM limiter's wait, read from the Api's <c>/metrics</c> before and after a run; the difference gives each
/// phase's mean over that run.
/// </summary>
public static partial class ChatPhaseMetrics
{
    public static async Task<IReadOnlyDictionary<string, (double Sum, double Count)>> ScrapeAsync(HttpClient api, CancellationToken ct)
    {
        var text = await api.GetStringAsync("/metrics", ct);
        var totals = new Dictionary<string, (double Sum, double Count)>(StringComparer.Ordinal);
        foreach (Match m in Line().Matches(text))
        {
            var phase = m.Groups["metric"].Value == "taskrunner_llm_limiter_wait_seconds" ? "llm limiter wait"
                : PhaseLabel().Match(m.Groups["labels"].Value) is { Success: true } p ? p.Groups[1].Value : null;
            if (phase is null)
            {
                continue;
            }

            var value = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            var (sum, count) = totals.GetValueOrDefault(phase);
            totals[phase] = m.Groups["kind"].Value == "sum" ? (sum + value, count) : (sum, count + value);
        }

        return totals;
    }

    /// <summary>"vector 12.3 ms, keyword 80.1 ms, …": each phase's mean between the two scrapes, in a fixed order.</summary>
    public static string Describe(IReadOnlyDictionary<string, (double Sum, double Count)> before, IReadOnlyDictionary<string, (double Sum, double Count)> after)
    {
        string[] order = ["retrieval", "vector", "embed", "keyword", "graph", "chunks", "rerank", "answer", "llm limiter wait"];
        var parts = new List<string>();
        foreach (var phase in order.Concat(after.Keys.Except(order).Order(StringComparer.Ordinal)))
        {
            if (!after.TryGetValue(phase, out var a))
            {
                continue;
            }

            var b = before.GetValueOrDefault(phase);
            var count = a.Count - b.Count;
            if (count > 0)
            {
                parts.Add($"{phase} {Math.Round((a.Sum - b.Sum) / count * 1000, 1).ToString(CultureInfo.InvariantCulture)} ms");
            }
        }

        return parts.Count == 0 ? "no phase figures at /metrics" : "mean per phase inside the Api: " + string.Join(", ", parts);
    }

    [GeneratedRegex(@"^(?<metric>taskrunner_chat_phase_duration_seconds|taskrunner_llm_limiter_wait_seconds)_(?<kind>sum|count)\{(?<labels>[^}]*)\} (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex Line();

    [GeneratedRegex("phase=\"([^\"]+)\"")]
    private static partial Regex PhaseLabel();
}
