using Microsoft.Extensions.Hosting;

namespace TaskRunner.Tasks.Persistence;

/// <summary>Applies migrations when the host starts, before the services registered after it.</summary>
public sealed class DatabaseMigrationService(DatabaseMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
