using TaskRunner.Generation.Llm;

namespace TaskRunner.Tests.Llm;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("3", 3)]
    [InlineData("0.5", 0.5)]
    [InlineData("Thu, 01 Jan 2026 12:00:07 GMT", 7)]
    [InlineData("Thu, 01 Jan 2026 11:59:00 GMT", 0)]
    public void Retry_after_is_read_as_seconds_or_an_http_date(string value, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), LlmFailureClassifier.ParseRetryAfter(value, Now));

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-1")]
    public void Unreadable_retry_after_is_ignored(string value) =>
        Assert.Null(LlmFailureClassifier.ParseRetryAfter(value, Now));
}
