using Npgsql;

namespace TaskRunner.Api.Problems;

/// <summary>
/// Recognises an exception that means the platform cannot take more work right now, rather than a fault: the Npgsql
/// pool had no free connection within its Timeout, or Postgres refused a connection (too many clients, a resource
/// limit), or a submit waited as long for its insert. Looks through wrappers such as Hangfire's <c>BackgroundJobClientException</c>.
/// </summary>
public static class Overload
{
    /// <summary>How long a client is asked to wait before it tries again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    public static bool IsOverload(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // A submit that waited the pool's Timeout for its insert and was dropped unwritten.
                case TaskRunner.Tasks.Outbox.SubmitOverloadedException:
                // too_many_connections, configuration_limit_exceeded, insufficient_resources
                case PostgresException { SqlState: "53300" or "53400" or "53000" }:
                // Npgsql's own words when no pooled connection freed up within Timeout.
                case NpgsqlException { InnerException: TimeoutException } when e.Message.Contains("pool", StringComparison.OrdinalIgnoreCase):
                    return true;
            }
        }

        return false;
    }
}
