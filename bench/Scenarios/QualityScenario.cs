using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TaskRunner.Bench.Measurement;
using TaskRunner.Retrieval.Embeddings;
using TaskRunner.Testing.Retrieval;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Scenario 8 (issue #14): retrieval quality on the labelled evaluation set (tests/TaskRunner.Testing/Retrieval):
/// recall@1, recall@5 and MRR of keyword search, vector search and hybrid fusion, with the hashing embedder and the
/// built-in MiniLM, through the platform's own search code against the run's database. Writes quality.md and
/// quality.json (bench/results, or the run's output folder for --quick).
/// </summary>
public static class QualityScenario
{
    public const string Name = "8. Retrieval quality";

    /// <summary>What a default installation runs: the built-in model, searched by hybrid retrieval.</summary>
    public const string DefaultMethod = "hybrid (MiniLM)";

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchRun run, CancellationToken ct)
    {
        var set = RetrievalEvalSet.Load();
        using var minilm = new OnnxEmbedder(new EmbeddingsOptions(), BertTextEncoder.LoadBuiltIn(lowerCase: true));
        await minilm.WarmUpAsync(ct);
        var clock = Stopwatch.StartNew();
        var rows = await new RetrievalEvaluator(run.Stack.DataSource).RunAsync(set, [("hashing", new HashingEmbedder()), ("MiniLM", minilm)], ct);
        clock.Stop();

        var folder = run.Options.Quick ? run.Options.OutputDirectory : Path.Combine(run.Options.RepositoryRoot, "bench", "results");
        Directory.CreateDirectory(folder);
        var markdown = Render(set, rows);
        await File.WriteAllTextAsync(Path.Combine(folder, "quality.md"), markdown, ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "quality.json"), JsonSerializer.Serialize(rows, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }), ct);
        Console.WriteLine(markdown);

        return rows.Where(r => r.Kind == "all").Select(r => new ScenarioResult
        {
            Scenario = Name,
            Workload = string.Create(CultureInfo.InvariantCulture,
                $"{r.Method}, {r.Language}: {r.Queries} queries over {set.Passages.Count} passages; recall@1 {r.RecallAt1:0.000}, recall@5 {r.RecallAt5:0.000}"),
            Concurrency = 1,
            DurationSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            Count = r.Queries,
            Rate = r.Mrr,
            RateUnit = "MRR",
            LatencyMeaning = "—",
        }).ToList();
    }

    private static string Render(RetrievalEvalSet set, IReadOnlyList<RetrievalQualityRow> rows)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"Retrieval quality: {set.Passages.Count} passages, {set.Queries.Count} queries (top {RetrievalEvaluator.Depth}; MRR counts ranks 1–10).");
        text.AppendLine();
        text.AppendLine("| Method | Language | Queries | Recall@1 | Recall@5 | MRR | MRR lexical | MRR paraphrase |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var all in rows.Where(r => r.Kind == "all"))
        {
            double Mrr(string kind) => rows.Single(r => r.Method == all.Method && r.Language == all.Language && r.Kind == kind).Mrr;
            text.AppendLine(inv, $"| {all.Method} | {all.Language} | {all.Queries} | {all.RecallAt1:0.000} | {all.RecallAt5:0.000} | {all.Mrr:0.000} | {Mrr("lexical"):0.000} | {Mrr("paraphrase"):0.000} |");
        }

        text.AppendLine();
        foreach (var language in rows.Select(r => r.Language).Distinct())
        {
            var best = rows.Where(r => r.Language == language && r.Kind == "all").MaxBy(r => r.Mrr)!;
            var chosen = rows.Single(r => r.Language == language && r.Kind == "all" && r.Method == DefaultMethod);
            var verdict = best.Mrr - chosen.Mrr <= 0.02 ? "within 0.02 of the best" : "MORE than 0.02 below the best";
            text.AppendLine(inv, $"- {language}: best {best.Method} (MRR {best.Mrr:0.000}); the default, {DefaultMethod}, {chosen.Mrr:0.000}: {verdict}.");
        }

        return text.ToString();
    }
}
