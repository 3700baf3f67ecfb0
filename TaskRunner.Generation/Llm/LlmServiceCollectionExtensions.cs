using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TaskRunner.Tasks.Options;

namespace TaskRunner.Generation.Llm;

public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="LlmOptions"/>; registers the shared concurrency limiter (Redis when an
    /// <see cref="IConnectionMultiplexer"/> is registered, in-process otherwise) and, only when Llm:BaseUrl is set,
    /// <see cref="ILlmClient"/>.
    /// </summary>
    public static IServiceCollection AddLlm(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<LlmOptions>(configuration, LlmOptions.SectionName);

        services.TryAddSingleton<ILlmConcurrencyLimiter>(sp =>
        {
            var redis = sp.GetService<IConnectionMultiplexer>();
            if (redis is null)
            {
                return new LocalConcurrencyLimiter();
            }
            var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            return new RedisConcurrencyLimiter(
                redis,
                sp.GetRequiredService<ILogger<RedisConcurrencyLimiter>>(),
                TimeSpan.FromSeconds(options.ConcurrencyLeaseSeconds));
        });

        if (LlmOptions.IsConfiguredIn(configuration))
        {
            services.TryAddSingleton<ILlmClient, OpenAiLlmClient>();
        }

        return services;
    }
}
