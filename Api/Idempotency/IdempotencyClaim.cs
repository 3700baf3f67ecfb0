namespace TaskRunner.Api.Idempotency;

/// <summary>This request's hold on an Idempotency-Key: <paramref name="Token"/> proves it, <paramref name="SubmissionSeed"/> derives its task ids.</summary>
public sealed record IdempotencyClaim(string TenantId, string Key, Guid Token, Guid SubmissionSeed);
