using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TaskRunner.Retrieval.Passages;

/// <summary>
/// Where a chat's time goes: one histogram, <c>taskrunner.chat.phase.duration</c>, labelled by phase (the three
/// sources each, the query embedding, the chunk fetch, the whole retrieval, the reranker and the answer). The benchmark
/// reads it from <c>/metrics</c> to show which phase dominates under load.
/// </summary>
public static class ChatTelemetry
{
    public const string Name = "TaskRunner.Chat";

    public const string Embed = "embed";
    public const string Chunks = "chunks";
    public const string Retrieval = "retrieval";
    public const string Rerank = "rerank";
    public const string Answer = "answer";

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> PhaseSeconds = Meter.CreateHistogram<double>(
        "taskrunner.chat.phase.duration", "s", "One phase of a chat: a retrieval source (vector, keyword, graph), embed, chunks, retrieval, rerank or answer.");

    /// <summary>Records the time since <paramref name="startedTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>) under <paramref name="phase"/>.</summary>
    public static void Record(string phase, long startedTimestamp) =>
        PhaseSeconds.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, new KeyValuePair<string, object?>("phase", phase));
}
