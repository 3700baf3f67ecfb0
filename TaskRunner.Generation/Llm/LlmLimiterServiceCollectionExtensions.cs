using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TaskRunner.Generation.Llm;

public static class LlmLimiterServiceCollectionExtensions
{
    /// <summary>
    /// The LLM concurrency limiter of a process that calls the LLM: the Redis-shared limit (<see cref="SharedLlmConcurrencyLimiter"/>)
    /// behind this process's priority wait queue (<see cref="PriorityConcurrencyLimiter"/>).
    /// </summary>
    public static IServiceCollection AddPrioritizedLlmLimiter(this IServiceCollection services)
    {
        services.TryAddSingleton<SharedLlmConcurrencyLimiter>();
        services.TryAddSingleton<ILlmConcurrencyLimiter>(sp => new PriorityConcurrencyLimiter(sp.GetRequiredService<SharedLlmConcurrencyLimiter>()));
        return services;
    }
}
