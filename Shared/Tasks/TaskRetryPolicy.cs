using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using TaskRunner.Shared.Llm;
using TaskRunner.Shared.Parsing;
using TaskRunner.Shared.VectorStore;

namespace TaskRunner.Shared.Tasks;

/// <summary>
/// The one place that decides what a failed run means: permanent errors fail the task at once with their code;
/// transient ones are retried with exponential backoff and jitter until <see cref="TaskRetryOptions.MaxAttempts"/>.
/// </summary>
public sealed class TaskRetryPolicy(IOptions<TaskRetryOptions> options)
{
    public RetryDecision Decide(Exception exception, int attempt)
    {
        var (error, transient, retryAfter) = Classify(exception);
        if (!transient || attempt >= options.Value.MaxAttempts)
        {
            return new RetryDecision(false, error, TimeSpan.Zero);
        }

        var exponential = options.Value.BaseDelaySeconds * Math.Pow(2, attempt - 1);
        var jittered = exponential * (0.5 + (Random.Shared.NextDouble() / 2));
        var delay = TimeSpan.FromSeconds(Math.Min(options.Value.MaxDelaySeconds, Math.Max(jittered, retryAfter?.TotalSeconds ?? 0)));
        return new RetryDecision(true, error, delay);
    }

    /// <summary>
    /// The code and the sentence a tenant sees. Our own task and parsing errors say what is wrong with the input;
    /// infrastructure failures get a generic sentence, because their messages carry hosts, ports, SQL or provider
    /// replies. The full exception is logged by the Worker with the task id.
    /// </summary>
    public static (TaskError Error, bool Transient, TimeSpan? RetryAfter) Classify(Exception exception) => exception switch
    {
        PermanentTaskException p => (new TaskError(p.Code, p.Message), false, null),
        DocumentParseException d => (new TaskError(d.Code, d.Message), false, null),
        VectorStoreException { IsTransient: true } => (new TaskError("vector_store_unavailable", "The vector store was unavailable."), true, null),
        VectorStoreException => (new TaskError("vector_store_rejected", "The vector store rejected the request; the operators can find the details in the logs by the task id."), false, null),
        TransientTaskException t => (new TaskError(t.Code, t.Message), true, t.RetryAfter),
        LlmException l => (new TaskError(l.Code, LlmMessage(l.Code)), l.IsTransient, l.RetryAfter),
        NpgsqlException { IsTransient: true } => (new TaskError("database_unavailable", "The database was unavailable."), true, null),
        RedisException or SocketException or HttpRequestException or TimeoutException =>
            (new TaskError("dependency_unavailable", "A service the task depends on was unavailable."), true, null),
        _ => (new TaskError("internal_error", "An unexpected error occurred; the operators can find it in the logs by the task id."), true, null),
    };

    /// <summary>Provider replies can quote the platform's own LLM key or endpoint, so tenants get a sentence per code.</summary>
    private static string LlmMessage(string code) => code switch
    {
        LlmErrorCodes.BadRequest => "The LLM provider rejected the request.",
        LlmErrorCodes.Unauthorized => "The LLM provider refused the platform's credentials; an operator must fix the configuration.",
        LlmErrorCodes.ModelNotFound => "The configured LLM model does not exist at the provider.",
        LlmErrorCodes.RateLimited => "The LLM provider was still rate limiting after every retry.",
        LlmErrorCodes.Unavailable => "The LLM provider was unavailable after every retry.",
        _ => "The LLM call failed.",
    };
}
