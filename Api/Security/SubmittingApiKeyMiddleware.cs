using TaskRunner.Tasks.Security;

namespace TaskRunner.Api.Security;

/// <summary>
/// Makes the authenticated request's API key the <see cref="SubmittingApiKey"/> of its async flow, so every task the
/// request submits (through any endpoint, MCP included) records the key, and the key's own in-flight caps apply to it.
/// </summary>
public sealed class SubmittingApiKeyMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (!Guid.TryParse(http.User.FindFirst(TaskRunnerClaims.KeyId)?.Value, out var keyId))
        {
            await next(http);
            return;
        }

        using (SubmittingApiKey.Enter(keyId))
        {
            await next(http);
        }
    }
}
