using System.Text.Json;
using Dapper;
using Npgsql;

namespace TaskRunner.IntegrationTests.Faults;

/// <summary>
/// What one ingestion left behind, read for the fault report before a test asserts on it: the task's and the
/// document's status, the chunk ordinals in Postgres and the ordinals of the vectors in the embedded store.
/// </summary>
internal sealed record IngestionOutcome(Guid DocumentId, string? TaskStatus, string? TaskError, string? DocumentStatus, int ExpectedChunks, IReadOnlyList<int> Ordinals, IReadOnlyList<int> VectorOrdinals)
{
    /// <summary>The document did not end ready with every chunk and vector of the task's result.</summary>
    public bool Lost => TaskStatus != "succeeded" || DocumentStatus != "ready" || ExpectedChunks == 0
        || Ordinals.Distinct().Count() < ExpectedChunks || VectorOrdinals.Distinct().Count() < ExpectedChunks;

    /// <summary>Chunk rows and vectors beyond one per ordinal, and any beyond the task's chunk count.</summary>
    public int Duplicated => Beyond(Ordinals) + Beyond(VectorOrdinals);

    /// <summary>Reads the outcome of the ingestion <paramref name="task"/> (its final state from the Api) of <paramref name="documentId"/>.</summary>
    public static async Task<IngestionOutcome> ReadAsync(string connectionString, JsonElement task, Guid documentId, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var args = new { documentId };
        var documentStatus = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("select status from documents where id = @documentId", args, cancellationToken: ct));
        var ordinals = (await connection.QueryAsync<int>(new CommandDefinition("select ordinal from chunks where document_id = @documentId", args, cancellationToken: ct))).ToList();
        var vectors = (await connection.QueryAsync<int>(new CommandDefinition("select ordinal from chunk_vectors where document_id = @documentId", args, cancellationToken: ct))).ToList();
        var status = task.GetProperty("status").GetString();
        var expected = status == "succeeded" ? task.GetProperty("result").GetProperty("chunkCount").GetInt32() : 0;
        var error = task.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object
            ? $"{e.GetProperty("code").GetString()}: {e.GetProperty("message").GetString()}"
            : null;
        return new IngestionOutcome(documentId, status, error, documentStatus, expected, ordinals, vectors);
    }

    /// <summary>One line for a failing assertion: what the task and the document ended as, and what they hold.</summary>
    public string Describe() =>
        $"document {DocumentId}: task {TaskStatus}{(TaskError is null ? "" : $" ({TaskError})")}, document {DocumentStatus}, " +
        $"{ExpectedChunks} chunks expected, {Ordinals.Count} chunk rows ({Ordinals.Distinct().Count()} distinct), " +
        $"{VectorOrdinals.Count} vectors ({VectorOrdinals.Distinct().Count()} distinct)";

    /// <summary>Rows beyond one per ordinal, plus leftovers past the task's chunk count (from an earlier run's chunking).</summary>
    private int Beyond(IReadOnlyList<int> ordinals)
    {
        var distinct = ordinals.Distinct().ToList();
        var leftovers = ExpectedChunks > 0 ? distinct.Count(o => o >= ExpectedChunks) : 0;
        return ordinals.Count - distinct.Count + leftovers;
    }
}
