using TaskRunner.Tasks.Options;

namespace TaskRunner.Api.Tasks.Streams;

public static class TaskStreamsServiceCollectionExtensions
{
    /// <summary>The task event streams (SSE): their caps (section <c>Sse</c>), the shared per-task watches and the writer.</summary>
    public static IServiceCollection AddTaskEventStreams(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SseOptions>(configuration, SseOptions.SectionName);
        services.AddSingleton<SseStreamLimiter>();
        services.AddSingleton<TaskWatchHub>();
        services.AddSingleton<TaskEventStream>();
        return services;
    }
}
