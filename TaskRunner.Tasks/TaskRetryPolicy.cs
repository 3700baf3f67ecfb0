using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace TaskRunner.Tasks;

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
        TaskRunnerException e => (new TaskError(e.Code, e.PublicMessage), e.IsTransient, e.RetryAfter),
        NpgsqlException { IsTransient: true } => (new TaskError(TaskErrorCodes.DatabaseUnavailable, "The database was unavailable."), true, null),
        RedisException or SocketException or HttpRequestException or TimeoutException =>
            (new TaskError(TaskErrorCodes.DependencyUnavailable, "A service the task depends on was unavailable."), true, null),
        _ => (new TaskError(TaskErrorCodes.InternalError, "An unexpected error occurred; the operators can find it in the logs by the task id."), true, null),
    };
}
