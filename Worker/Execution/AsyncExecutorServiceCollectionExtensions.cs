using TaskRunner.Tasks.Jobs;
using TaskRunner.Tasks.Options;
using TaskRunner.Worker.Tasks;

namespace TaskRunner.Worker.Execution;

public static class AsyncExecutorServiceCollectionExtensions
{
    /// <summary>
    /// The run of a claimed task and the executor of waiting steps. Register before the Hangfire server: hosted services
    /// stop in reverse order, so Hangfire and the batch fetcher stop fetching before the executor cancels its runs.
    /// </summary>
    public static IServiceCollection AddAsyncStepExecutor(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AsyncExecutorOptions>(configuration, AsyncExecutorOptions.SectionName);
        services.AddTransient<TaskRun>();
        // The writer of succeeded jobs first: hosted services stop in reverse order, so it writes what the runs hand it to the end.
        services.AddSingleton<HangfireBatchSucceed>();
        services.AddSingleton<SucceededJobWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<SucceededJobWriter>());
        services.AddSingleton<AsyncStepExecutor>();
        services.AddHostedService(sp => sp.GetRequiredService<AsyncStepExecutor>());
        services.AddHostedService<BatchJobFetcher>();
        services.AddSingleton<DirectTaskStarter>();
        return services;
    }
}
