using Hangfire.Common;
using Hangfire.Server;

namespace TaskRunner.Tasks.Jobs;

/// <summary>Records the job and server of each task job while it is performed (see <see cref="PerformingTaskJobs"/>).</summary>
public sealed class TaskJobContextAttribute : JobFilterAttribute, IServerFilter
{
    public void OnPerforming(PerformingContext context)
    {
        if (DispatchIdOf(context) is { } dispatchId)
        {
            PerformingTaskJobs.Add(dispatchId, new PerformingTaskJob(context.BackgroundJob.Id, context.ServerId));
        }
    }

    public void OnPerformed(PerformedContext context)
    {
        if (DispatchIdOf(context) is { } dispatchId)
        {
            PerformingTaskJobs.Remove(dispatchId);
        }
    }

    private static Guid? DispatchIdOf(PerformContext context) =>
        context.BackgroundJob.Job.Args is [_, Guid dispatchId, ..] ? dispatchId : null;
}
