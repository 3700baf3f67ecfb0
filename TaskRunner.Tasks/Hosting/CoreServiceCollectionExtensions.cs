using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskRunner.Tasks.Diagnostics;
using TaskRunner.Tasks.Health;
using TaskRunner.Tasks.Persistence;
using TaskRunner.Tasks.Pipelines;
using TaskRunner.Tasks.Progress;

namespace TaskRunner.Tasks.Hosting;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// What the Api and the Worker both need from the engine: Postgres (migrated at start), tasks and Hangfire storage,
    /// Redis progress and the health checks. Each domain adds itself beside it (AddIngestion, AddRetrieval, ...).
    /// </summary>
    public static IServiceCollection AddTaskRunnerCore(this IServiceCollection services, IConfiguration configuration)
    {
        ThreadPoolSettings.Apply(configuration);
        return services
            .AddPersistence(configuration)
            .AddHostedService<DatabaseMigrationService>()
            .AddTasks(configuration)
            .AddProgress(configuration)
            .AddTaskRunnerHealthChecks()
            .AddTaskTypesFrom(typeof(DiagnosticsTasks).Assembly);
    }
}
