namespace TaskRunner.Api.Idempotency;

public static class IdempotencyServiceCollectionExtensions
{
    /// <summary>The Idempotency-Key store, its options (Idempotency:LeaseSeconds, :PurgeIntervalSeconds) and the purger of expired keys.</summary>
    public static IServiceCollection AddIdempotency(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection(IdempotencyOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IdempotencyStore>();
        services.AddHostedService<IdempotencyKeyPurger>();
        return services;
    }
}
