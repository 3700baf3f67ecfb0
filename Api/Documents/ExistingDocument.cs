namespace TaskRunner.Api.Documents;

/// <summary>The answer (200) to an upload whose content the tenant already has: that document and its last task.</summary>
public sealed record ExistingDocument(Guid DocumentId, bool AlreadyExisted, string DocumentStatus, Guid? TaskId, string? StatusUrl, string? EventsUrl);
