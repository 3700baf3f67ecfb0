using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskRunner.Tasks.Fairness;
using TaskRunner.Tasks.Options;
using TaskRunner.Tasks.Usage;

namespace TaskRunner.Tasks;

public static class TaskServiceCollectionExtensions
{
    /// <summary>The task table, its state machine, retries, and the Hangfire client on Postgres storage (no server: the Worker adds that).</summary>
    public static IServiceCollection AddTasks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<TaskRetryOptions>(configuration, TaskRetryOptions.SectionName);
        services.AddValidatedOptions<HangfireStorageOptions>(configuration, HangfireStorageOptions.SectionName);
        services.AddValidatedOptions<FairnessOptions>(configuration, FairnessOptions.SectionName);
        services.AddSingleton<TenantInFlightGate>();
        services.AddSingleton<TaskStore>();
        services.AddSingleton<TaskTracker>();
        services.AddSingleton<TaskDispatcher>();
        services.AddSingleton<Jobs.HangfireSchema>();
        services.AddSingleton<Jobs.HangfireBatchEnqueue>();
        services.AddSingleton<Jobs.HangfireBatchFetch>();
        services.AddSingleton<Jobs.HangfireDirectStart>();
        services.AddSingleton<TaskSubmitter>();
        services.AddSingleton<Outbox.TaskOutbox>();
        services.AddSingleton<Outbox.DispatchWaker>();
        services.AddSingleton<Outbox.SubmitBatcher>();
        services.AddValidatedOptions<Retention.RetentionOptions>(configuration, Retention.RetentionOptions.SectionName);
        services.AddSingleton<Retention.TaskRetention>();
        services.AddSingleton<TaskRetryPolicy>();
        services.AddUsageAndEstimates(configuration);

        var connectionString = RequiredSetting.ConnectionString(configuration, "Postgres");
        var storage = configuration.GetSection(HangfireStorageOptions.SectionName).Get<HangfireStorageOptions>() ?? new HangfireStorageOptions();
        Jobs.TaskJobFilters.RemoveUnused();
        services.AddHangfire(hangfire => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                bootstrap => bootstrap.UseNpgsqlConnection(Jobs.HangfireConnectionString.For(connectionString, storage)),
                new PostgreSqlStorageOptions
                {
                    SchemaName = Jobs.HangfireSchema.Name,
                    PrepareSchemaIfNecessary = true,
                    // Long jobs keep their lease while they run instead of reappearing after a fixed timeout.
                    UseSlidingInvisibilityTimeout = true,
                    InvisibilityTimeout = TimeSpan.FromSeconds(storage.InvisibilityTimeoutSeconds),
                    QueuePollInterval = TimeSpan.FromMilliseconds(storage.QueuePollIntervalMs),
                    EnableLongPolling = storage.EnableLongPolling,
                    DistributedLockTimeout = TimeSpan.FromMinutes(1),
                }));
        return services;
    }
}
