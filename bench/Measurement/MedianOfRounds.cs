namespace TaskRunner.Bench.Measurement;

/// <summary>
/// Rows that hold issue #12's targets are measured in rounds. One burst's wall time varies by a third from run to run
/// on 2 shared cores (the reference's too), so each round measures its own reference and platform run back to back,
/// and the row is the round with the median ratio; its notes list every round.
/// </summary>
public static class MedianOfRounds
{
    public const int Rounds = 3;

    public static async Task<ScenarioResult> MeasureAsync(int rounds, Func<int, Task<ScenarioResult>> measure)
    {
        var measured = new List<ScenarioResult>();
        for (var round = 1; round <= rounds; round++)
        {
            measured.Add(await measure(round));
        }

        if (measured.Count == 1 || measured.Any(r => r.Ratio is null || r.Status != "ok"))
        {
            // A failed round is the row: a failure is never hidden behind a median.
            return measured.FirstOrDefault(r => r.Status != "ok") ?? measured[0];
        }

        var median = measured.OrderBy(r => r.Ratio).ElementAt(measured.Count / 2);
        var all = string.Join("; ", measured.Select((r, i) => $"{i + 1}: {r.DurationSeconds:0.000} s vs {r.Reference!.DurationSeconds:0.000} s = {r.Ratio:0.00}×"));
        return median with { Notes = $"median of {measured.Count} rounds by ratio (round: platform vs reference wall time = ratio; {all}); {median.Notes}" };
    }
}
