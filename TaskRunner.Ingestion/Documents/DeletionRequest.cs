namespace TaskRunner.Ingestion.Documents;

/// <param name="TaskId">The deletion task: the new one when <see cref="DeletionRequestOutcome.Marked"/>, the running one when already deleting.</param>
public sealed record DeletionRequest(DeletionRequestOutcome Outcome, Guid? TaskId);
