using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace TaskRunner.Generation.Llm;

public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="LlmOptions"/>; registers the shared concurrency limiter (Redis when an
    /// <see cref="IConnectionMultiplexer"/> is registered, in-process otherwise) and, only when Llm:BaseUrl is set,
    /// <see cref="ILlmClient"/>. Callers choose the offline generator when no ILlmClient is registered.
    /// </summary>
    public static IServiceCollection AddLlm(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LlmOptions>()
            .Bind(configuration.GetSection(LlmOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

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

        var section = configuration.GetSection(LlmOptions.SectionName);
        if (!string.IsNullOrWhiteSpace(section[nameof(LlmOptions.BaseUrl)]))
        {
            services.TryAddSingleton<ILlmClient, OpenAiLlmClient>();
        }
        return services;
    }
}
