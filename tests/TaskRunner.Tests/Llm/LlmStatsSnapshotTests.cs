using TaskRunner.Generation.Llm.Stats;

namespace TaskRunner.Tests.Llm;

public sealed class LlmStatsSnapshotTests
{
    [Fact]
    public void Figures_count_calls_errors_retries_and_tokens_per_model_within_the_window_only()
    {
        var now = DateTimeOffset.Parse("2026-12-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var at = now.ToUnixTimeMilliseconds();
        var samples = Enumerable.Range(1, 100).Select(i => new LlmCallSample("m1", at - i, i * 10, null, i % 10 == 0 ? 1 : 0, 5, 7))
            .Append(new LlmCallSample("m1", at - 10, 5000, "llm_bad_request", 0, 0, 0))
            .Append(new LlmCallSample("m1", at - 600_000, 1, null, 0, 1, 1))
            .Append(new LlmCallSample("m2", at - 5, 42, null, 0, 1, 2));

        var snapshot = LlmStatsSnapshot.From(samples, now, TimeSpan.FromMinutes(5));

        var m1 = Assert.Single(snapshot.Models, m => m.Model == "m1");
        Assert.Equal((101L, 1L, 10L, 500L, 700L), (m1.Calls, m1.Errors, m1.Retries, m1.InputTokens, m1.OutputTokens));
        Assert.Equal((500.0, 950.0, 990.0), (m1.P50Ms!.Value, m1.P95Ms!.Value, m1.P99Ms!.Value));
        Assert.Equal(1L, m1.ErrorsByCode["llm_bad_request"]);
        Assert.Equal(42.0, Assert.Single(snapshot.Models, m => m.Model == "m2").P50Ms);
    }
}
