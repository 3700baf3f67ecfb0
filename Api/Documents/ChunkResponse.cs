using TaskRunner.Ingestion.Documents;

namespace TaskRunner.Api.Documents;

public sealed record ChunkResponse(int Ordinal, string Text, int TokenCount, int? Page, string? Section, string ContentHash)
{
    public static ChunkResponse From(ChunkRecord c) => new(c.Ordinal, c.Text, c.TokenCount, c.Page, c.Section, c.ContentHash);
}
