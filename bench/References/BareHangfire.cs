using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace TaskRunner.Bench.References;

/// <summary>
/// Hangfire.PostgreSql with nothing of ours: its own schema in the run's database, a server in the bench process with
/// the same worker count and storage options as the platform's Workers, running <see cref="BareNoopJob"/>.
/// </summary>
public sealed class BareHangfire : IDisposable
{
    private readonly BackgroundJobServer server;

    public BareHangfire(string connectionString, int workerCount)
    {
        // The same options as Shared/Tasks/TaskServiceCollectionExtensions (the platform's defaults).
        var storage = new PostgreSqlStorage(
            new NpgsqlConnectionFactory(connectionString, new PostgreSqlStorageOptions()),
            new PostgreSqlStorageOptions
            {
                SchemaName = "bench_hangfire",
                PrepareSchemaIfNecessary = true,
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = TimeSpan.FromSeconds(300),
                QueuePollInterval = TimeSpan.FromMilliseconds(250),
                DistributedLockTimeout = TimeSpan.FromMinutes(1),
            });
        Client = new BackgroundJobClient(storage);
        server = new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = workerCount, Queues = ["default"], ServerName = "bench-reference" }, storage);
    }

    public IBackgroundJobClient Client { get; }

    public void Dispose() => server.Dispose();
}
