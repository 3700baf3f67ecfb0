namespace TaskRunner.Api.Hosting;

public static class RequestLogging
{
    /// <summary>Categories that write the full request URL, query string included; kept to warnings and errors.</summary>
    private static readonly string[] FullUrlCategories = ["Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.AspNetCore.HttpLogging"];

    /// <summary>
    /// Silences the framework's full-URL request lines and logs requests through <see cref="RequestLogMiddleware"/>.
    /// The rule is added after configuration is read, so a <c>Logging:LogLevel</c> setting cannot switch them back on.
    /// </summary>
    public static IServiceCollection AddRequestLogging(this IServiceCollection services)
    {
        services.PostConfigure<LoggerFilterOptions>(filters =>
        {
            var providers = filters.Rules.Select(r => r.ProviderName).Distinct().ToList();
            foreach (var category in FullUrlCategories)
            {
                foreach (var provider in providers)
                {
                    filters.Rules.Add(new LoggerFilterRule(provider, category, LogLevel.Warning, null));
                }
            }
        });
        return services;
    }
}
