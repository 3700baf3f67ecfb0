using Microsoft.Extensions.Options;
using TaskRunner.Tasks;

namespace TaskRunner.Tests.Tasks;

public sealed class TaskRetryPolicyTests
{
    private readonly TaskRetryPolicy policy = new(Options.Create(new TaskRetryOptions { MaxAttempts = 3, BaseDelaySeconds = 2, MaxDelaySeconds = 30 }));

    [Fact]
    public void A_permanent_error_fails_at_once_with_its_code()
    {
        var decision = policy.Decide(new PermanentTaskException("pdf_encrypted", "The PDF is encrypted."), attempt: 1);
        Assert.False(decision.Retry);
        Assert.Equal("pdf_encrypted", decision.Error.Code);
    }

    [Fact]
    public void A_transient_error_is_retried_with_growing_delays_until_the_last_attempt()
    {
        var error = new TransientTaskException("llm_unavailable", "503");
        var first = policy.Decide(error, 1);
        var second = policy.Decide(error, 2);
        var last = policy.Decide(error, 3);
        Assert.True(first.Retry);
        Assert.True(second.Retry);
        Assert.InRange(first.Delay.TotalSeconds, 1, 2);
        Assert.InRange(second.Delay.TotalSeconds, 2, 4);
        Assert.False(last.Retry);
        Assert.Equal("llm_unavailable", last.Error.Code);
    }

    [Fact]
    public void Retry_after_from_the_provider_is_honoured_up_to_the_maximum()
    {
        var decision = policy.Decide(new TransientTaskException("llm_rate_limited", "429") { RetryAfter = TimeSpan.FromSeconds(20) }, 1);
        Assert.True(decision.Retry);
        Assert.Equal(20, decision.Delay.TotalSeconds, 3);
        var capped = policy.Decide(new TransientTaskException("llm_rate_limited", "429") { RetryAfter = TimeSpan.FromMinutes(10) }, 1);
        Assert.Equal(30, capped.Delay.TotalSeconds, 3);
    }

    [Fact]
    public void An_unexpected_exception_is_internal_error_and_retried() =>
        Assert.Equal(("internal_error", true), (policy.Decide(new InvalidOperationException("boom"), 1).Error.Code, policy.Decide(new InvalidOperationException("boom"), 1).Retry));

    public static TheoryData<Exception> InfrastructureFailures => new()
    {
        new HttpRequestException("Connection refused (qdrant.internal:6333)"),
        new System.Net.Sockets.SocketException(111),
        new TimeoutException("Timeout connecting to redis.internal:6379"),
        new StackExchange.Redis.RedisException("It was not possible to connect to the redis server(s) redis.internal:6379"),
        new InvalidOperationException("select * from tasks where tenant_id = 'other' failed at db.internal:5432"),
        new TaskRunner.Retrieval.VectorStore.VectorStoreException("Qdrant PUT /collections/x could not be reached: Connection refused (qdrant.internal:6333) (transient).", isTransient: true),
        new TaskRunner.Retrieval.VectorStore.VectorStoreException("Qdrant PUT /collections/x failed with 400 Bad Request: wrong dimension at qdrant.internal:6333", isTransient: false),
        new TaskRunner.Generation.Llm.LlmException(TaskRunner.Generation.Llm.LlmErrorCodes.Unavailable, "The LLM connection dropped: Connection refused (llm.internal:8000)", isTransient: true),
        new TaskRunner.Generation.Llm.LlmException(TaskRunner.Generation.Llm.LlmErrorCodes.Unauthorized, "HTTP 401: Incorrect API key provided: sk-abc***xyz at llm.internal:8000", isTransient: false),
    };

    [Theory]
    [MemberData(nameof(InfrastructureFailures))]
    public void Infrastructure_failures_reach_tenants_as_a_code_and_a_generic_message(Exception failure)
    {
        var (error, _, _) = TaskRetryPolicy.Classify(failure);
        Assert.False(string.IsNullOrWhiteSpace(error.Code));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        foreach (var secret in new[] { ".internal", ":6333", ":6379", ":5432", ":8000", "select", "sk-", "Connection refused", "Exception" })
        {
            Assert.DoesNotContain(secret, error.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Errors_about_the_input_keep_their_message_for_the_tenant() =>
        Assert.Equal("The PDF is encrypted.", TaskRetryPolicy.Classify(new PermanentTaskException("pdf_encrypted", "The PDF is encrypted.")).Error.Message);
}
