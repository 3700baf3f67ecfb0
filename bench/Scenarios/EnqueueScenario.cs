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

        return results;
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
