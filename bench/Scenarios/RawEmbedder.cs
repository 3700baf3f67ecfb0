using System.Diagnostics;
using Npgsql;
using TaskRunner.Bench.Measurement;
using TaskRunner.Retrieval.Embeddings;

namespace TaskRunner.Bench.Scenarios;

/// <summary>The embedding provider alone (HashingEmbedder in this process, batches of 32, one caller per core) on the chunk texts the pipeline stored.</summary>
public static class RawEmbedder
{
    public static async Task<ReferenceResult> MeasureAsync(NpgsqlDataSource db, IReadOnlyCollection<Guid> taskIds, CancellationToken ct)
    {
        var texts = new List<string>();
        await using (var command = db.CreateCommand("select c.text from chunks c join tasks t on t.document_id = c.document_id where t.id = any($1)"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = taskIds.ToArray() });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                texts.Add(reader.GetString(0));
            }
        }

        var embedder = new HashingEmbedder();
        var batches = texts.Chunk(32).ToArray();
        await embedder.EmbedAsync(texts.Take(64).ToList(), ct);
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
            async (batch, token) => await embedder.EmbedAsync(batch, token));
        var wall = Stopwatch.GetElapsedTime(started);
        return new ReferenceResult($"HashingEmbedder alone, {Environment.ProcessorCount} threads, batches of 32", Math.Round(wall.TotalSeconds, 4),
            texts.Count, Math.Round(texts.Count / Math.Max(wall.TotalSeconds, 1e-6), 1), null);
    }
}
