namespace TaskRunner.Tasks.Estimates;

/// <summary>
/// The estimate of a running task's remaining seconds, from two views blended by how far the task has come:
/// its own pace (elapsed × (1 − p) / p) and the typical run of its type and size (typical × (1 − p)). Early on the
/// history counts most; by half way the task's own pace is trusted alone. See README, "ETA and cost".
/// </summary>
public static class TaskEta
{
    /// <summary>Below this progress the task's own pace is noise (a first progress report, not a rate).</summary>
    public const double MinProgressForPace = 0.02;

    /// <summary>From this progress on only the task's own pace counts.</summary>
    public const double PaceTrustedAt = 0.5;

    /// <returns>Remaining seconds, or null when neither view has anything to say.</returns>
    public static double? Estimate(double progress, double elapsedSeconds, double? typicalSeconds)
    {
        var p = Math.Clamp(progress, 0, 1);
        if (p >= 1)
        {
            return 0;
        }

        double? pace = p >= MinProgressForPace ? Math.Max(0, elapsedSeconds) * (1 - p) / p : null;
        double? history = typicalSeconds is { } t and >= 0 ? t * (1 - p) : null;
        var estimate = (pace, history) switch
        {
            ({ } own, { } usual) => (Weight(p) * own) + ((1 - Weight(p)) * usual),
            ({ } own, null) => own,
            (null, { } usual) => usual,
            _ => (double?)null,
        };
        return estimate is { } e ? Math.Round(e, 1) : null;
    }

    private static double Weight(double progress) => Math.Clamp(progress / PaceTrustedAt, 0, 1);
}
