namespace TaskRunner.Ingestion.Documents;

/// <summary>
/// A document's life: <c>pending</c> (uploaded, waiting), <c>indexing</c> (chunks stored, vectors being written),
/// <c>ready</c> (every chunk has its vector), <c>failed</c> (with the error code), <c>deleting</c>.
/// </summary>
public static class DocumentStatuses
{
    public const string Pending = "pending";
    public const string Indexing = "indexing";
    public const string Ready = "ready";
    public const string Failed = "failed";
    public const string Deleting = "deleting";
}
