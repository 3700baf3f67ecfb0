namespace TaskRunner.Api.Diagnostics;

public sealed record NoopRequest(int DurationMs = 0, int Steps = 1);
