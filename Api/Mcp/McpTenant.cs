using ModelContextProtocol;
using TaskRunner.Api.Hosting;

namespace TaskRunner.Api.Mcp;

/// <summary>The tenant of the API key that made the MCP call, from the same claims the /api endpoints read.</summary>
public sealed class McpTenant(IHttpContextAccessor accessor)
{
    public string Id => accessor.HttpContext is { } http && http.User.Identity?.IsAuthenticated == true
        ? RequestTenant.Of(http)
        : throw new McpException("This call is not authenticated.");
}
