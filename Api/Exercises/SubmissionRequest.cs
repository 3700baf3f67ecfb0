namespace TaskRunner.Api.Exercises;

/// <summary>POST /api/v1/exercises/{id}/submissions: an option key, true/false (对/错), the blank's text, or a short answer.</summary>
public sealed record SubmissionRequest(string? Answer);
