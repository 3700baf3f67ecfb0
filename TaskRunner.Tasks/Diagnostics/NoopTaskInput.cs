namespace TaskRunner.Tasks.Diagnostics;

/// <summary>Input of a diagnostics.noop task: wait this long in this many progress steps.</summary>
public sealed record NoopTaskInput(int DurationMs, int Steps);
