using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskRunner.Shared.Documents;
using TaskRunner.Shared.Health;
using TaskRunner.Shared.Parsing;
using TaskRunner.Shared.Persistence;
using TaskRunner.Shared.Progress;
using TaskRunner.Shared.Retrieval;
using TaskRunner.Shared.Storage;
using TaskRunner.Shared.Tasks;

namespace TaskRunner.Shared.Hosting;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// What the Api and the Worker both need: Postgres (migrated at start), tasks and Hangfire storage, Redis progress,
    /// file storage, documents, parsing, retrieval and the health checks.
    /// </summary>
    public static IServiceCollection AddTaskRunnerCore(this IServiceCollection services, IConfiguration configuration)
    {
        ThreadPoolSettings.Apply(configuration);
        return services
            .AddPersistence(configuration)
            .AddHostedService<DatabaseMigrationService>()
            .AddTasks(configuration)
            .AddProgress(configuration)
            .AddFileStorage(configuration)
            .AddDocuments()
            .AddDocumentParsing(configuration)
            .AddRetrieval(configuration)
            .AddTaskRunnerHealthChecks();
    }
}
