using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using TaskRunner.Api.Hosting;
using TaskRunner.Api.Problems;

namespace TaskRunner.Api.Security;

/// <summary>Authenticates requests by API key; the key's tenant becomes the request's tenant.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCache keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ApiKeyReader.Read(Request);
        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        var record = await keys.FindAsync(key, Context.RequestAborted);
        if (record is null)
        {
            return AuthenticateResult.Fail("The API key is not valid or was revoked.");
        }

        var claims = new List<Claim>
        {
            new(RequestTenant.TenantClaim, record.TenantId),
            new(TaskRunnerClaims.KeyId, record.Id.ToString()),
            new(ClaimTypes.Name, record.Name),
        };
        if (record.IsAdmin)
        {
            claims.Add(new Claim(TaskRunnerClaims.Admin, "true"));
        }

        if (record.IsOperator)
        {
            claims.Add(new Claim(TaskRunnerClaims.Operator, "true"));
        }

        if (record.RequestsPerMinute is { } rpm)
        {
            claims.Add(new Claim(TaskRunnerClaims.RequestsPerMinute, rpm.ToString(CultureInfo.InvariantCulture)));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var hasKey = ApiKeyReader.Read(Request) is not null;
        var detail = hasKey ? "The API key is not valid or was revoked."
            : Request.Headers.ContainsKey("X-Api-Key") ? "The X-Api-Key header is not read: send the key as 'Authorization: Bearer <key>'."
            : "Send an API key as 'Authorization: Bearer <key>'.";
        return ApiProblem.Create(401, hasKey ? "invalid_api_key" : "unauthorized", "Authentication required", detail).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblem.Create(403, "forbidden", "Not allowed", "This API key may not use this endpoint (admin endpoints need an admin key; the dashboard and diagnostics need an operator key).").ExecuteAsync(Context);
}
