using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TaskRunner.Generation.Batches;
using TaskRunner.Generation.Llm;
using TaskRunner.Generation.Llm.Stats;
using TaskRunner.Tasks.Options;

namespace TaskRunner.Generation.Prompts;

public static class PromptServiceCollectionExtensions
{
    /// <summary>
    /// What both the Api and the Workers need for prompts and batches: the LLM settings (the allowed models), the batch
    /// store and the shared log of LLM call samples behind <c>GET /api/v1/llm/stats</c>.
    /// </summary>
    public static IServiceCollection AddPrompts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<LlmOptions>(configuration, LlmOptions.SectionName);
        services.AddValidatedOptions<LlmStatsOptions>(configuration, LlmStatsOptions.SectionName);
        services.TryAddSingleton<BatchStore>();
        services.TryAddSingleton<RedisLlmCallLog>();
        return services;
    }
}
