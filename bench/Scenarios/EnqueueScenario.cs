using System.Net.Http.Json;
using System.Text;
using TaskRunner.Bench.Measurement;
using TaskRunner.Bench.References;

namespace TaskRunner.Bench.Scenarios;

/// <summary>
/// Scenario 1: <c>POST /api/v1/documents</c> with a small unique text file (unique bytes, so nothing is deduplicated)
/// at each concurrency, against the bare Kestrel + Npgsql insert. No Worker runs: the ingestion jobs only queue up.
/// </summary>
public static class EnqueueScenario
{
    public const string Name = "1. Enqueue";

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchRun run, CancellationToken ct)
    {
        var results = new List<ScenarioResult>();
        var total = run.Options.RequestsPerLevel;
        // Warm both sides (JIT, connection pools) so the first level is not charged for start-up.
        await LoadRunner.RunAsync(50, 8, (i, token) => UploadAsync(run, -1 - i, token), ct);
        await LoadRunner.RunAsync(50, 8, (i, token) => InsertAsync(run, -1 - i, token), ct);
        foreach (var concurrency in run.Options.Concurrencies)
        {
            var platform = await LoadRunner.RunAsync(total, concurrency, (i, token) => UploadAsync(run, (concurrency * 1_000_000) + i, token), ct);
            var bare = await LoadRunner.RunAsync(total, concurrency, (i, token) => InsertAsync(run, (concurrency * 1_000_000) + i, token), ct);
            results.Add(Row.Of(Name, $"POST /api/v1/documents, {total} unique ~300-byte .txt uploads", concurrency, platform,
                new ReferenceResult("bare Kestrel + one Npgsql insert", bare.Wall.TotalSeconds, bare.Succeeded, bare.PerSecond, bare.Latency)));
        }

        results.AddRange(await SubmitsAsync(run, ct));
        return results;
    }

    /// <summary>
    /// Issue #12's submit figures at 64 concurrent clients: JSON submits against the bare insert (≥ 0.6×), and uploads
    /// against a bare endpoint that streams the file to disk and inserts one row (≥ 0.5×). Each pair runs side by side,
    /// and each side first serves <see cref="WarmUpRequests"/> requests of the same kind, unmeasured (answers ≥ 500 are
    /// still counted): the endpoint's first calls otherwise charge the platform with JIT and tiering its own code while
    /// the bare endpoint's few methods were compiled long before. Each row is the median of <see cref="MedianOfRounds.Rounds"/> pairs.
    /// </summary>
    private static async Task<IReadOnlyList<ScenarioResult>> SubmitsAsync(BenchRun run, CancellationToken ct)
    {
        const int concurrency = 64;
        var total = run.Options.RequestsPerLevel;
        var warmUp = Math.Min(WarmUpRequests, total);
        var rounds = run.Options.Quick ? 1 : MedianOfRounds.Rounds;
        var results = new List<ScenarioResult>();
        var submitted = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        (string Workload, Func<int, CancellationToken, Task> Submit)[] jsonSubmits =
        [
            ($"POST /api/v1/diagnostics/noop, {total} JSON submits (#12)", async (i, token) => submitted.Add(await run.Platform.SubmitNoopAsync(0, 1, token))),
            ($"POST /api/v1/exercises/generate, {total} JSON submits (#12)", async (i, token) => submitted.Add(await run.Platform.SubmitGenerationAsync($"Topic {i}", token) ?? Guid.Empty)),
        ];
        foreach (var (workload, submit) in jsonSubmits)
        {
            var errorsBefore = run.Platform.ServerErrors;
            await LoadRunner.RunAsync(warmUp, concurrency, (i, token) => submit(-1 - i, token), ct);
            await LoadRunner.RunAsync(warmUp, concurrency, (i, token) => InsertJsonAsync(run, -1 - i, token), ct);
            results.Add(await MedianOfRounds.MeasureAsync(rounds, async round =>
            {
                var platform = await LoadRunner.RunAsync(total, concurrency, (i, token) => submit(round * total + i, token), ct);
                var bare = await LoadRunner.RunAsync(total, concurrency, (i, token) => InsertJsonAsync(run, round * total + i, token), ct);
                return WithServerErrors(Row.Of(Name, workload, concurrency, platform,
                    new ReferenceResult("bare Kestrel + one Npgsql insert (JSON body)", bare.Wall.TotalSeconds, bare.Succeeded, bare.PerSecond, bare.Latency)), run.Platform.ServerErrors - errorsBefore);
            }));
        }

        // No Worker serves them; they must not run in later scenarios, which measure their own tasks.
        await DiscardQueuedAsync(run, submitted.ToArray(), ct);

        var uploadErrorsBefore = run.Platform.ServerErrors;
        var warmUploads = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        await LoadRunner.RunAsync(warmUp, concurrency, async (i, token) => warmUploads.Add(await run.Platform.UploadAsync(Content(-1_000_000 - i), $"warm-{i}.txt", token)), ct);
        await LoadRunner.RunAsync(warmUp, concurrency, (i, token) => StreamToDiskAsync(run, -1_000_000 - i, token), ct);
        results.Add(await MedianOfRounds.MeasureAsync(rounds, async round =>
        {
            var first = 50_000_000 + (round * total);
            var uploads = await LoadRunner.RunAsync(total, concurrency, (i, token) => UploadAsync(run, first + i, token), ct);
            var files = await LoadRunner.RunAsync(total, concurrency, (i, token) => StreamToDiskAsync(run, first + i, token), ct);
            return WithServerErrors(Row.Of(Name, $"POST /api/v1/documents, {total} unique ~300-byte .txt uploads (#12)", concurrency, uploads,
                new ReferenceResult("bare Kestrel streaming the body to a file + one Npgsql insert", files.Wall.TotalSeconds, files.Succeeded, files.PerSecond, files.Latency)),
                run.Platform.ServerErrors - uploadErrorsBefore);
        }));
        await DiscardQueuedAsync(run, warmUploads.ToArray(), ct);
        return results;
    }

    /// <summary>Unmeasured requests each side of a #12 pair serves first.</summary>
    private const int WarmUpRequests = 500;

    private static ScenarioResult WithServerErrors(ScenarioResult row, int serverErrors) => row with
    {
        Notes = $"answers ≥ 500: {serverErrors}",
        Status = serverErrors == 0 ? row.Status : $"failed: {serverErrors} answers ≥ 500; {row.Status}",
    };

    private static async Task DiscardQueuedAsync(BenchRun run, Guid[] ids, CancellationToken ct)
    {
        await using (var unqueue = run.Stack.DataSource.CreateCommand(
            "delete from hangfire.jobqueue where jobid in (select hangfire_job_id::bigint from tasks where id = any($1) and status = 'queued' and hangfire_job_id ~ '^[0-9]+$')"))
        {
            unqueue.Parameters.Add(new Npgsql.NpgsqlParameter { Value = ids });
            await unqueue.ExecuteNonQueryAsync(ct);
        }

        await using var cancel = run.Stack.DataSource.CreateCommand(
            "update tasks set status = 'canceled', finished_at = now(), message = 'discarded by the bench' where id = any($1) and status = 'queued'");
        cancel.Parameters.Add(new Npgsql.NpgsqlParameter { Value = ids });
        await cancel.ExecuteNonQueryAsync(ct);
    }

    private static async Task InsertJsonAsync(BenchRun run, int index, CancellationToken ct)
    {
        using var response = await run.BareClient.PostAsJsonAsync("/rows", new { topic = $"Topic {index}", count = 1, types = new[] { "multiple_choice" } }, ct);
        response.EnsureSuccessStatusCode();
    }

    private static async Task StreamToDiskAsync(BenchRun run, int index, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Content(index)), "file", $"note-{index}.txt" } };
        using var response = await run.BareClient.PostAsync("/files", form, ct);
        response.EnsureSuccessStatusCode();
    }

    private static async Task UploadAsync(BenchRun run, int index, CancellationToken ct)
    {
        var id = await run.Platform.UploadAsync(Content(index), $"note-{index}.txt", ct);
        if (index >= 0)
        {
            run.EnqueuedTaskIds.Add(id);
        }
    }

    private static async Task InsertAsync(BenchRun run, int index, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Content(index)), "file", $"note-{index}.txt" } };
        using var response = await run.BareClient.PostAsync("/rows", form, ct);
        response.EnsureSuccessStatusCode();
        var row = await response.Content.ReadFromJsonAsync<RowResponse>(ct);
        run.ReferenceRowIds.Add(row!.Id);
    }

    /// <summary>A short lesson note, unique per index and per run.</summary>
    private static byte[] Content(int index) => Encoding.UTF8.GetBytes(
        $"Lesson note {index} ({Guid.NewGuid():N}). Photosynthesis turns light, water and carbon dioxide into sugar and oxygen. " +
        "光合作用是植物利用阳光、水和二氧化碳制造养分的过程。Students observe it with a simple leaf experiment.\n");
}
