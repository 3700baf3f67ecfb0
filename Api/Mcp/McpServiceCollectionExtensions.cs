using TaskRunner.Api.Security;

namespace TaskRunner.Api.Mcp;

public static class McpServiceCollectionExtensions
{
    public const string UrlFetchClient = "mcp-url-fetch";

    /// <summary>The MCP server (Streamable HTTP, stateless: any Api process can answer any call) and its tools.</summary>
    public static IServiceCollection AddTaskRunnerMcp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<McpOptions>().Bind(configuration.GetSection(McpOptions.SectionName));
        services.AddHttpContextAccessor();
        services.AddHttpClient(UrlFetchClient).ConfigureHttpClient((provider, http) =>
            http.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<McpOptions>>().Value.UrlTimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddScoped<McpDocumentIntake>();
        services.AddScoped<McpTenant>();
        services.AddMcpServer(o => o.ServerInfo = new() { Name = "TaskRunner", Version = "1.0.0" })
            .WithHttpTransport(o => o.Stateless = true)
            .WithTools<DocumentTools>()
            .WithTools<RetrievalTools>()
            .WithTools<ExerciseTools>()
            .WithTools<TaskTools>();
        return services;
    }

    /// <summary>/mcp takes the same API keys, tenant scoping and per-key rate limit as /api.</summary>
    public static WebApplication MapTaskRunnerMcp(this WebApplication app)
    {
        app.MapMcp("/mcp").RequireAuthorization().RequireRateLimiting(SecurityServiceCollectionExtensions.PerKeyRateLimit).ExcludeFromDescription();
        return app;
    }
}
