namespace TaskRunner.Api.Documents;

/// <summary>The answer to an upload: the document, the ingestion task and where to watch it.</summary>
public sealed record UploadAccepted(Guid DocumentId, Guid? TaskId, string? StatusUrl, string? EventsUrl, bool AlreadyExisted, string Status);
