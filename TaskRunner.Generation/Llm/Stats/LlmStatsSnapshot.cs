namespace TaskRunner.Generation.Llm.Stats;

/// <summary>The live LLM figures of every model over the last <see cref="WindowSeconds"/>, as of <see cref="At"/>.</summary>
public sealed record LlmStatsSnapshot(DateTime At, int WindowSeconds, IReadOnlyList<LlmModelStats> Models)
{
    /// <summary>Folds samples into per-model figures; samples older than the window are left out.</summary>
    public static LlmStatsSnapshot From(IEnumerable<LlmCallSample> samples, DateTimeOffset now, TimeSpan window)
    {
        var since = (now - window).ToUnixTimeMilliseconds();
        var models = samples.Where(s => s.At >= since)
            .GroupBy(s => s.Model, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(Fold)
            .ToList();
        return new LlmStatsSnapshot(now.UtcDateTime, (int)window.TotalSeconds, models);
    }

    private static LlmModelStats Fold(IGrouping<string, LlmCallSample> calls)
    {
        var latencies = calls.Where(c => c.Error is null).Select(c => c.Ms).Order().ToArray();
        return new LlmModelStats(
            calls.Key,
            calls.LongCount(),
            calls.LongCount(c => c.Error is not null),
            calls.Sum(c => (long)c.Retries),
            calls.Sum(c => (long)c.InputTokens),
            calls.Sum(c => (long)c.OutputTokens),
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.95),
            Percentile(latencies, 0.99),
            calls.Where(c => c.Error is not null).GroupBy(c => c.Error!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.LongCount(), StringComparer.Ordinal));
    }

    /// <summary>Nearest-rank percentile of sorted values; null when there are none.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return Math.Round(sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)], 2);
    }
}
