namespace TaskRunner.Tasks.Estimates;

/// <summary>
/// The estimate of a running task's remaining seconds, from two views: its own pace (elapsed × (1 − p) / p) and the
/// typical run of its type and size (typical − elapsed). Progress is not linear in time for every type (ingestion
/// reports most of its progress while parsing, then embeds), so the blend follows elapsed time, not progress: the
/// pace counts in proportion to how much of the typical run has passed, alone from half of it on. See README,
/// "ETA and cost".
/// </summary>
public static class TaskEta
{
    /// <summary>Below this progress the task's own pace is noise (a first progress report, not a rate).</summary>
    public const double MinProgressForPace = 0.02;

    /// <summary>From this share of the typical run time on, only the task's own pace counts.</summary>
    public const double PaceTrustedAt = 0.5;

    /// <returns>Remaining seconds, or null when neither view has anything to say.</returns>
    public static double? Estimate(double progress, double elapsedSeconds, double? typicalSeconds)
    {
        var p = Math.Clamp(progress, 0, 1);
        if (p >= 1)
        {
            return 0;
        }

        var elapsed = Math.Max(0, elapsedSeconds);
        double? pace = p >= MinProgressForPace ? elapsed * (1 - p) / p : null;
        double? left = typicalSeconds is { } t and > 0 ? t - elapsed : null;
        var estimate = (pace, left) switch
        {
            // Past the typical run time, history has nothing more to say.
            ({ } own, { } usual) when usual <= 0 => own,
            ({ } own, { } usual) => (Weight(elapsed, typicalSeconds!.Value) * own) + ((1 - Weight(elapsed, typicalSeconds.Value)) * usual),
            ({ } own, null) => own,
            (null, { } usual) => usual > 0 ? usual : typicalSeconds!.Value * (1 - p),
            _ => (double?)null,
        };
        return estimate is { } e ? Math.Round(e, 2) : null;
    }

    private static double Weight(double elapsed, double typical) => Math.Clamp(elapsed / typical / PaceTrustedAt, 0, 1);
}
