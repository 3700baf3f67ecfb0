using System.ComponentModel.DataAnnotations;

namespace TaskRunner.Tasks;

public sealed class HangfireStorageOptions
{
    public const string SectionName = "Hangfire";

    /// <summary>
    /// How often an idle Hangfire worker looks for new jobs when nothing wakes it. With long polling on (the default) a
    /// new job wakes idle workers at once, so this is only the fallback, and it is what an idle Worker costs Postgres:
    /// about one fetch per worker per interval.
    /// </summary>
    [Range(20, 60000)]
    public int QueuePollIntervalMs { get; set; } = 5000;

    /// <summary>
    /// Wake idle workers with Postgres LISTEN/NOTIFY when a job is enqueued (PostgreSQL 11+). On by default: waiting
    /// steps run on the async executor, so a Worker needs only a few Hangfire workers, and the herd that every enqueue
    /// once woke among hundreds of them is gone. Each waiting worker holds one listening connection.
    /// </summary>
    public bool EnableLongPolling { get; set; } = true;

    /// <summary>
    /// Npgsql's keepalive on Hangfire's connections, in seconds (0: off, or the connection string's own KeepAlive). It
    /// bounds how long a long-polling worker can stay in its LISTEN wait after it has fetched a job. Hangfire.PostgreSql
    /// cancels that wait once the fetch returns and blocks until it ends; Npgsql can lose the cancel when it lands just
    /// as the wait starts (npgsql/npgsql#5975), and the wait then lasts until the next <c>new_job</c> notification. At
    /// the end of a burst that was the lost-dispatch sweep's, 10 s later, with the job fetched and not started. With a
    /// keepalive the wait wakes after this many seconds, sees the cancel and ends. An idle waiting worker sends one
    /// keepalive per interval.
    /// </summary>
    [Range(0, 3600)]
    public int ListenKeepAliveSeconds { get; set; } = 2;

    /// <summary>How often a Worker moves due scheduled jobs (delayed retries) to their queue: the granularity of retry delays.</summary>
    [Range(100, 60000)]
    public int SchedulePollIntervalMs { get; set; } = 1000;

    /// <summary>How long a fetched job stays invisible; with the sliding timeout it is renewed while the job runs.</summary>
    [Range(10, 86400)]
    public int InvisibilityTimeoutSeconds { get; set; } = 300;
}
