using TaskRunner.Ingestion.Documents;
using TaskRunner.Tasks;

namespace TaskRunner.Retrieval.Indexing;

/// <summary>
/// The document an upload ended up as, and the ingestion task it started (none for a plain duplicate, nor when a reindex
/// was refused because an ingestion of the document is still active: <see cref="Busy"/>).
/// </summary>
public sealed record IntakeOutcome(DocumentRecord Document, TaskRecord? Task, bool Duplicate)
{
    public bool Busy { get; init; }
}
