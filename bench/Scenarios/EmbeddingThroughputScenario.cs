using System.Diagnostics;
using System.Globalization;
using TaskRunner.Bench.Measurement;
using TaskRunner.Bench.References;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Testing.Retrieval;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Scenario 9 (issue #14): chunks/s through the platform's embedder path (OnnxEmbedder with its process-wide batcher,
/// called as Worker jobs call it: several callers at once, 32 chunks a call) against a bare InferenceSession on the
/// same texts in the same run, both with the built-in MiniLM, batches of 32 and one intra-op thread per core.
/// Each side runs twice, alternating; the better run of each counts (the machine is shared).
/// </summary>
public static class EmbeddingThroughputScenario
{
    public const string Name = "9. Embedding throughput";
    private const int BatchSize = 32;
    private const int Callers = 4;

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchRun run, CancellationToken ct)
    {
        var passages = RetrievalEvalSet.Load().Passages;
        var count = run.Options.Quick ? 64 : 320; // ~150 tokens each: MiniLM manages only a few per second per core
        var texts = Enumerable.Range(0, count)
            .Select(i => $"{passages[i % passages.Count].Text} {passages[(i * 7) % passages.Count].Text[..40]} ({i})").ToList();
        var threads = Environment.ProcessorCount;
        await using var embedder = new OnnxEmbedder(new EmbeddingsOptions { BatchSize = BatchSize }, BertTextEncoder.LoadBuiltIn(lowerCase: true));
        await embedder.EmbedAsync(texts.Take(BatchSize).ToList(), ct); // loads the model and warms the session

        TimeSpan? platform = null, raw = null;
        for (var round = 0; round < 2; round++)
        {
            var (rawWall, _) = await RawOnnxSession.MeasureAsync(texts, BatchSize, threads, ct);
            raw = raw is null || rawWall < raw ? rawWall : raw;
            var started = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(texts.Chunk(BatchSize), new ParallelOptions { MaxDegreeOfParallelism = Callers, CancellationToken = ct },
                async (batch, token) => await embedder.EmbedAsync(batch, token));
            var wall = Stopwatch.GetElapsedTime(started);
            platform = platform is null || wall < platform ? wall : platform;
        }

        var platformRate = count / platform!.Value.TotalSeconds;
        var rawRate = count / raw!.Value.TotalSeconds;
        var avgChars = texts.Average(t => t.Length);
        return
        [
            new ScenarioResult
            {
                Scenario = Name,
                Workload = string.Create(CultureInfo.InvariantCulture,
                    $"{count} chunk texts (English + Chinese teaching passages, ~{avgChars:0} characters), built-in all-MiniLM-L6-v2 (384-d, mean pooling); OnnxEmbedder called by {Callers} concurrent callers with {BatchSize} texts each (its batcher: batches of {BatchSize}, 10 ms linger, sorted by length), {threads} intra-op threads; better of 2 runs"),
                Concurrency = Callers,
                DurationSeconds = Math.Round(platform.Value.TotalSeconds, 3),
                Count = count,
                Rate = Math.Round(platformRate, 1),
                RateUnit = "embedded chunks/s",
                Reference = new ReferenceResult(
                    string.Create(CultureInfo.InvariantCulture, $"bare InferenceSession, one caller, same texts sorted by length, batches of {BatchSize}, {threads} intra-op threads, tokenise + run + mean pooling"),
                    Math.Round(raw.Value.TotalSeconds, 3), count, Math.Round(rawRate, 1), null),
                Ratio = Math.Round(platformRate / rawRate, 3),
                RatioMeaning = "platform embedder chunks/s / bare session chunks/s",
            },
        ];
    }
}
