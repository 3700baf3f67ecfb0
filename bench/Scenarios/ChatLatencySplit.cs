using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using TaskRunner.Bench.Measurement;
using TaskRunner.Testing.OpenAi;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Splits each streamed chat's overhead at the LLM stub: the time from the request leaving the bench to the stub
/// receiving the Api's completion call (request handling, retrieval, the limiter, the prompt), and the time from the
/// stub's first token (its arrival plus its latency) to the bench reading the first token event (the Api relaying the
/// stream). The stub and the bench share this process's clock, so both are read off one timestamp source.
/// </summary>
public sealed class ChatLatencySplit
{
    private readonly ConcurrentDictionary<string, long> arrivals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long Started, double FirstTokenMs, double TotalMs)> chats = new(StringComparer.Ordinal);

    /// <summary>Starts recording when the stub receives each chat's question; returns the responder to restore afterwards.</summary>
    public Func<ReceivedChatRequest, ScriptedReply?>? Attach(OpenAiTestServer llm)
    {
        var previous = llm.Responder;
        llm.Responder = request =>
        {
            arrivals.TryAdd(request.LastUserMessage, Stopwatch.GetTimestamp());
            return previous?.Invoke(request);
        };
        return previous;
    }

    public void Record(string question, long started, double firstTokenMs, double totalMs) => chats[question] = (started, firstTokenMs, totalMs);

    /// <summary>"before the LLM p50/p95/p99 …; after its first token …; the slowest 5% …": the overhead on each side of the stub.</summary>
    public string Describe(TimeSpan latency)
    {
        var split = chats.Where(c => arrivals.ContainsKey(c.Key)).Select(c =>
        {
            var before = Stopwatch.GetElapsedTime(c.Value.Started, arrivals[c.Key]).TotalMilliseconds;
            return (Before: before, After: c.Value.FirstTokenMs - before - latency.TotalMilliseconds, c.Value.TotalMs);
        }).ToList();
        if (split.Count == 0)
        {
            return "no chat reached the stub";
        }

        var slowest = split.OrderByDescending(s => s.TotalMs).Take(Math.Max(1, split.Count / 20)).ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"overhead before the stub received the call (request, retrieval, limiter) p50/p95/p99 {Show(split.Select(s => s.Before))} ms; " +
            $"from the stub's first token to the bench's first token event p50/p95/p99 {Show(split.Select(s => s.After))} ms; " +
            $"the slowest 5% of chats: mean {slowest.Average(s => s.Before):0.0} ms before the stub, {slowest.Average(s => s.After):0.0} ms after its first token");
    }

    private static string Show(IEnumerable<double> values) =>
        Percentiles.Of(values) is { } p ? string.Create(CultureInfo.InvariantCulture, $"{p.P50:0.0}/{p.P95:0.0}/{p.P99:0.0}") : "-";
}
