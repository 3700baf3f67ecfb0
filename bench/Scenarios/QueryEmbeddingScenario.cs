using System.Globalization;
using TaskRunner.Bench.Measurement;
using TaskRunner.Retrieval.Embeddings;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Issue #13, what a real model costs the chat gateway: chat questions embedded by the built-in all-MiniLM-L6-v2, one
/// question per call, 100 callers at once (as 100 concurrent chats embed), through the platform's OnnxEmbedder (its
/// batcher coalesces the concurrent questions into batches); reference: the same questions and callers with batches of
/// one (each question run alone, as without the batcher), same run. Every question is distinct (no cache could help).
/// </summary>
public static class QueryEmbeddingScenario
{
    public const string Name = "13d. Chat query embedding";
    private const int Concurrency = 100;

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchRun run, CancellationToken ct)
    {
        var questions = ChatCorpus.Questions(run.Options.Quick ? 200 : 2000);
        var half = questions.Count / 2;
        var encoder = BertTextEncoder.LoadBuiltIn(lowerCase: true);
        await using var batched = new OnnxEmbedder(new EmbeddingsOptions { BatchSize = 32, BatchLingerMilliseconds = 5 }, encoder);
        await using var alone = new OnnxEmbedder(new EmbeddingsOptions { BatchSize = 1, BatchLingerMilliseconds = 0 }, encoder);
        await batched.EmbedAsync(questions.Take(32).ToList(), ct); // loads the model and warms the session
        await alone.EmbedAsync(questions.Take(8).ToList(), ct);

        // Alternating halves, so both sides see the machine in the same state as nearly as a shared machine allows.
        var single = await LoadRunner.RunAsync(half, Concurrency, (i, token) => alone.EmbedAsync([questions[i]], token), ct);
        var coalesced = await LoadRunner.RunAsync(half, Concurrency, (i, token) => batched.EmbedAsync([questions[half + i]], token), ct);
        return
        [
            new ScenarioResult
            {
                Scenario = Name,
                Workload = string.Create(CultureInfo.InvariantCulture,
                    $"{half} distinct chat questions (~{questions.Average(q => q.Length):0} characters), built-in all-MiniLM-L6-v2, one question per call, {Concurrency} callers at once, OnnxEmbedder batching up to 32 with a 5 ms linger, {Environment.ProcessorCount} intra-op threads"),
                Concurrency = Concurrency,
                DurationSeconds = Math.Round(coalesced.Wall.TotalSeconds, 3),
                Count = coalesced.Succeeded,
                Rate = Math.Round(coalesced.PerSecond, 1),
                RateUnit = "questions/s",
                LatencyMeaning = "one question's embedding",
                LatencyMs = coalesced.Latency,
                Failed = coalesced.Failed,
                Reference = new ReferenceResult("the same with batches of one (each question run alone), other questions, same callers",
                    Math.Round(single.Wall.TotalSeconds, 3), single.Succeeded, Math.Round(single.PerSecond, 1), single.Latency),
                Ratio = single.PerSecond > 0 ? Math.Round(coalesced.PerSecond / single.PerSecond, 2) : null,
                RatioMeaning = "batched questions/s / one-at-a-time questions/s",
                Status = coalesced.Failed + single.Failed == 0 ? "ok" : $"failed: {coalesced.FirstError ?? single.FirstError}",
            },
        ];
    }
}
