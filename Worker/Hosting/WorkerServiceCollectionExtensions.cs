using Hangfire;
using Microsoft.Extensions.Options;
using TaskRunner.Tasks;
using TaskRunner.Tasks.Pipelines;
using TaskRunner.Worker.Maintenance;
using TaskRunner.Worker.Tasks;
using TaskRunner.Worker.Execution;
using TaskRunner.Tasks.Options;
using TaskRunner.Tasks.Jobs;
using TaskRunner.Retrieval.Indexing;
using TaskRunner.Worker.Dispatch;
using TaskRunner.Worker.Leadership;

namespace TaskRunner.Worker.Hosting;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>
    /// The Hangfire server for the configured queues, the task job that runs every declared task type (each domain
    /// registers its own with AddTaskTypesFrom, so this comes last), their steps, the start-up check of their steps, the reaper and the reconcile schedule.
    /// </summary>
    public static IServiceCollection AddWorkerRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<WorkerOptions>(configuration, WorkerOptions.SectionName);
        services.AddSingleton<WorkerIdentity>();
        services.AddTransient<ITaskJob, TaskJob>();
        services.AddAsyncStepExecutor(configuration);
        services.AddPipelineSteps();
        services.AddHostedService<TaskCatalogCheck>();
        services.AddValidatedOptions<LeadershipOptions>(configuration, LeadershipOptions.SectionName);
        services.AddSingleton<LeaderElection>();
        services.AddHostedService<DispatchLeader>();
        services.AddHostedService<TaskReaper>();
        services.AddHostedService<ChunkTokenBackfill>();
        services.AddValidatedOptions<ReconcileOptions>(configuration, ReconcileOptions.SectionName);
        services.AddTransient<ReconcileScheduler>();
        services.AddHostedService<ReconcileScheduleRegistration>();
        var plans = HangfireServerPlan.For(
            configuration.GetSection(WorkerOptions.SectionName).Get<WorkerOptions>() ?? new WorkerOptions(),
            (configuration.GetSection(AsyncExecutorOptions.SectionName).Get<AsyncExecutorOptions>() ?? new AsyncExecutorOptions()).AsyncConcurrency);
        foreach (var plan in plans)
        {
            services.AddHangfireServer((sp, server) =>
            {
                var options = sp.GetRequiredService<IOptions<WorkerOptions>>().Value;
                var identity = sp.GetRequiredService<WorkerIdentity>().Id;
                server.SchedulePollingInterval = TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<HangfireStorageOptions>>().Value.SchedulePollIntervalMs);
                server.Queues = [.. plan.Queues];
                server.WorkerCount = plan.WorkerCount;
                server.ServerName = plan.ServerNameFor(identity);
                server.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownTimeoutSeconds);
                server.ServerCheckInterval = TimeSpan.FromSeconds(30);
                server.HeartbeatInterval = TimeSpan.FromSeconds(10);
            });
        }

        return services;
    }
}
