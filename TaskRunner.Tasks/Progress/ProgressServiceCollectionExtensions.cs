using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskRunner.Tasks.Options;

namespace TaskRunner.Tasks.Progress;

public static class ProgressServiceCollectionExtensions
{
    /// <summary>The Redis connection (ConnectionStrings:Redis) and the task event publisher.</summary>
    public static IServiceCollection AddProgress(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = RequiredSetting.ConnectionString(configuration, "Redis");
        services.AddSingleton(sp => new RedisConnection(connectionString, sp.GetRequiredService<ILogger<RedisConnection>>()));
        services.AddSingleton<TaskEventPublisher>();
        services.AddSingleton<TaskEventSubscriber>();
        return services;
    }
}
