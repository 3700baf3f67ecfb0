using System.Diagnostics;
using System.Text;
using System.Text.Json;
using TaskRunner.Bench.Infrastructure;
using TaskRunner.Bench.Measurement;
using TaskRunner.Client;
using TaskRunner.Testing.Corpus;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Scenario 5: a generated multi-page PDF (pages/s), then many short documents (documents/s and chunks/s) through
/// upload → extract → chunk → embed → stored, and the embedded chunks/s against the raw embedder on the same texts.
/// </summary>
public static class IngestionScenario
{
    public const string Name = "5. Ingestion";

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchRun run, CancellationToken ct)
    {
        await DropEnqueueBacklogAsync(run, ct);
        var options = run.Options;
        var worker = await run.Stack.StartWorkerAsync("default,embed,ingest", options.IngestWorkers, ct);
        var workers = $"1 Worker process, {options.IngestWorkers} workers, hashing embedder";
        try
        {
            var pdf = await RunPdfAsync(run, workers, ct);
            var (documents, embedded) = await RunShortDocumentsAsync(run, workers, ct);
            return [pdf, documents, embedded];
        }
        finally
        {
            await run.Stack.StopWorkerAsync(worker);
        }
    }

    private static async Task<ScenarioResult> RunPdfAsync(BenchRun run, string workers, CancellationToken ct)
    {
        var dir = TestCorpus.CreateTempDirectory();
        var pages = Enumerable.Range(1, run.Options.PdfPages)
            .Select(p => (IReadOnlyList<string>)[$"Chapter {p}. " + CorpusText.EnglishParagraph(p, 6), CorpusText.EnglishParagraph(1000 + p, 6)]).ToList();
        var bytes = await File.ReadAllBytesAsync(TestCorpus.WritePdf(dir, pages, $"textbook-{Guid.NewGuid():N}.pdf"), ct);
        Directory.Delete(dir, recursive: true);
        var started = Stopwatch.GetTimestamp();
        var id = await run.Platform.UploadAsync(bytes, "textbook.pdf", ct);
        var (elapsed, succeeded, _) = await TaskWaiter.WaitAllFinalAsync(run.Stack.DataSource, [id], started, TimeSpan.FromMinutes(5), ct);
        var task = (await TaskWaiter.ReadAllAsync(run.Platform, [id], ct))[0];
        var chunks = Result(task, "chunkCount");
        return new ScenarioResult
        {
            Scenario = Name,
            Workload = $"one {run.Options.PdfPages}-page PDF ({bytes.Length / 1024} KB), upload → succeeded; {workers}",
            Concurrency = 1,
            DurationSeconds = Math.Round(elapsed.TotalSeconds, 3),
            Count = run.Options.PdfPages,
            Rate = Math.Round(run.Options.PdfPages / elapsed.TotalSeconds, 1),
            RateUnit = "pages/s",
            Status = succeeded == 1 ? "ok" : $"failed: {TaskWaiter.FirstError([task])}",
            Notes = $"{chunks} chunks; processing (startedAt → finishedAt) {TaskWaiter.Between(task, t => t.StartedAt, t => t.FinishedAt):0} ms",
        };
    }

    private static async Task<(ScenarioResult Documents, ScenarioResult Embedded)> RunShortDocumentsAsync(BenchRun run, string workers, CancellationToken ct)
    {
        var n = run.Options.ShortDocuments;
        var ids = new Guid[n];
        var started = Stopwatch.GetTimestamp();
        var upload = await LoadRunner.RunAsync(n, 16, async (i, token) => ids[i] = await run.Platform.UploadAsync(ShortDocument(i), $"lesson-{i}.txt", token), ct);
        if (upload.Failed > 0)
        {
            throw new InvalidOperationException($"{upload.Failed} uploads failed: {upload.FirstError}");
        }

        var (elapsed, succeeded, failed) = await TaskWaiter.WaitAllFinalAsync(run.Stack.DataSource, ids, started, TimeSpan.FromMinutes(8), ct);
        var tasks = await TaskWaiter.ReadAllAsync(run.Platform, ids, ct);
        var chunks = tasks.Sum(t => Result(t, "chunkCount"));
        var embedded = tasks.Sum(t => Result(t, "embeddedChunks"));
        var status = failed == 0 ? "ok" : $"failed: {failed} of {n} documents did not succeed, first: {TaskWaiter.FirstError(tasks)}";
        var raw = await RawEmbedder.MeasureAsync(run.Stack.DataSource, ids, ct);
        var pipelineRate = embedded / elapsed.TotalSeconds;
        var documents = new ScenarioResult
        {
            Scenario = Name,
            Workload = $"{n} short documents (~1 KB text, English + Chinese), 16 uploaders, upload → succeeded; {workers}",
            Concurrency = 16,
            DurationSeconds = Math.Round(elapsed.TotalSeconds, 3),
            Count = succeeded,
            Rate = Math.Round(succeeded / elapsed.TotalSeconds, 1),
            RateUnit = "documents/s",
            LatencyMeaning = "upload → succeeded (createdAt → finishedAt)",
            LatencyMs = Percentiles.Of(tasks.Select(t => TaskWaiter.Between(t, t => t.CreatedAt, t => t.FinishedAt)).OfType<double>()),
            Failed = failed,
            Status = status,
            Notes = $"{chunks} chunks, {chunks / elapsed.TotalSeconds:0.0} chunks/s",
        };
        var embeddedRow = documents with
        {
            Workload = $"embedded chunks of the {n} documents, through the whole pipeline",
            Count = embedded,
            Rate = Math.Round(pipelineRate, 1),
            RateUnit = "embedded chunks/s",
            LatencyMs = null,
            Reference = raw,
            Ratio = raw.Rate > 0 ? Math.Round(pipelineRate / raw.Rate, 4) : null,
            RatioMeaning = "pipeline embedded chunks/s / raw embedder chunks/s",
            Notes = "the raw figure is the embedder alone on the same chunk texts; with the hashing embedder, parsing and storage dominate",
        };
        return (documents, embeddedRow);
    }

    private static int Result(TaskResponse task, string property) =>
        task.Result?.AdditionalProperties.TryGetValue(property, out var value) == true &&
        value is System.Text.Json.JsonElement { ValueKind: JsonValueKind.Number } number ? number.GetInt32() : 0;

    private static byte[] ShortDocument(int i) => Encoding.UTF8.GetBytes(
        $"# Lesson {i}\n\n{CorpusText.EnglishParagraph(i, 6)}\n\n{CorpusText.ChineseParagraph(i, 6)}\n\nRef {Guid.NewGuid():N}\n");

    /// <summary>Scenario 1 left its ingestion jobs queued (no Worker ran); drop them so they do not run ahead of this scenario's work.</summary>
    private static async Task DropEnqueueBacklogAsync(BenchRun run, CancellationToken ct)
    {
        await using var command = run.Stack.DataSource.CreateCommand("delete from hangfire.jobqueue where queue = 'ingest'");
        await command.ExecuteNonQueryAsync(ct);
    }
}
