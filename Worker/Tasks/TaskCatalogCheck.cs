using TaskRunner.Tasks.Pipelines;

namespace TaskRunner.Worker.Tasks;

/// <summary>
/// Runs before the Hangfire server starts: a Worker that cannot create every declared step refuses to start, naming
/// the task type and the step, instead of failing tasks at run time.
/// </summary>
public sealed class TaskCatalogCheck(TaskCatalog catalog, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        catalog.EnsureStepsResolve(services);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
