using Hangfire;
using Microsoft.Extensions.Options;
using TaskRunner.Tasks;
using TaskRunner.Retrieval.Indexing;

namespace TaskRunner.Worker.Maintenance;

/// <summary>Registers (or removes) the daily reconciliation as a Hangfire recurring job when the Worker starts; every Worker doing so is harmless.</summary>
public sealed class ReconcileScheduleRegistration(IRecurringJobManager recurringJobs, IOptions<ReconcileOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var cron = options.Value.Cron;
        if (string.IsNullOrWhiteSpace(cron))
        {
            recurringJobs.RemoveIfExists(ReconcileScheduler.RecurringJobId);
        }
        else
        {
            recurringJobs.AddOrUpdate<ReconcileScheduler>(ReconcileScheduler.RecurringJobId, TaskQueues.Default,
                s => s.SubmitForAllTenantsAsync(CancellationToken.None), cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
