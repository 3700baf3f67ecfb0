namespace TaskRunner.Tasks.Estimates;

/// <summary>A recent successful run of a task type: its size (document bytes, else input characters) and its seconds.</summary>
public sealed record DurationSample(double Size, double Seconds);
