namespace TaskRunner.Client;

/// <summary>What an upload got: an ingestion task (<see cref="Accepted"/>) or the document stored earlier with the same content (<see cref="Existing"/>).</summary>
public sealed record UploadResult(UploadAccepted? Accepted, ExistingDocument? Existing)
{
    public Guid DocumentId => Accepted?.DocumentId ?? Existing?.DocumentId ?? Guid.Empty;

    /// <summary>The task to follow: the new ingestion task, or the last task of the existing document.</summary>
    public Guid? TaskId => Accepted?.TaskId ?? Existing?.TaskId;
}
