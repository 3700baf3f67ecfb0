using Hangfire;
using Hangfire.Common;

namespace TaskRunner.Tasks.Jobs;

/// <summary>
/// Hangfire's global filters that a task job does not use. Each costs Postgres round trips on every job: capturing the
/// culture writes a job parameter at creation and reads it back when the job runs, and continuation support reads a
/// parameter on every state change. Task jobs are culture-invariant (their input is stored JSON) and never continued
/// (a task's next step is a new dispatch), so both go. Retries (off per job, <see cref="ITaskJob"/>) and the statistics
/// the dashboard's graphs read stay.
/// </summary>
public static class TaskJobFilters
{
    public static void RemoveUnused()
    {
        GlobalJobFilters.Filters.Remove(typeof(CaptureCultureAttribute));
        GlobalJobFilters.Filters.Remove(typeof(ContinuationsSupportAttribute));
    }
}
