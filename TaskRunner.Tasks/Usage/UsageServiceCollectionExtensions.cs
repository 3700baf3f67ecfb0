using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskRunner.Tasks.Estimates;
using TaskRunner.Tasks.Options;

namespace TaskRunner.Tasks.Usage;

public static class UsageServiceCollectionExtensions
{
    /// <summary>Token usage per task, its price (<c>Pricing__…</c>) and the ETA of running tasks.</summary>
    public static IServiceCollection AddUsageAndEstimates(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PricingOptions>(configuration, PricingOptions.SectionName);
        services.AddSingleton<UsageStore>();
        services.AddSingleton<CostCalculator>();
        services.AddSingleton<TaskCosts>();
        services.AddSingleton<TaskUsageRecorder>();
        services.AddSingleton<TaskDurationHistory>();
        services.AddSingleton<TaskEstimator>();
        return services;
    }
}
