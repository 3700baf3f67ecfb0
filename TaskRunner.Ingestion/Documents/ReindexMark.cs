namespace TaskRunner.Ingestion.Documents;

/// <summary>What asking to index a document again found: marked for the new task, busy with an ingestion, or gone.</summary>
public enum ReindexMark
{
    Marked,
    Busy,
    NotFound,
}
