namespace TaskRunner.Ingestion.Documents;

/// <summary>What asking to delete a document found.</summary>
public enum DeletionRequestOutcome
{
    /// <summary>The tenant has no such document.</summary>
    NotFound,

    /// <summary>An ingestion task of the document is queued or running; it must finish or be canceled first.</summary>
    Busy,

    /// <summary>A deletion task is already queued or running; the caller gets that task.</summary>
    AlreadyDeleting,

    /// <summary>The document is now <c>deleting</c> and names the new deletion task as its last task.</summary>
    Marked,
}
