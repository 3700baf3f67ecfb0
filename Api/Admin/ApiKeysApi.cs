using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using TaskRunner.Api.Hosting;
using TaskRunner.Api.Problems;
using TaskRunner.Api.Security;
using TaskRunner.Tasks.Fairness;
using TaskRunner.Tasks.Security;

namespace TaskRunner.Api.Admin;

/// <summary>
/// API keys over HTTP for operators (the same store as the Api's <c>keys</c> command): create, list, revoke, and set a
/// key's own in-flight caps.
/// A created key is shown once; lists show only its prefix.
/// </summary>
public static class ApiKeysApi
{
    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/keys").WithTags("Admin").RequireAuthorization(TaskRunnerClaims.OperatorPolicy);
        group.MapPost("/", CreateAsync).WithName("CreateApiKey").WithSummary("Creates an API key for a tenant (or an operator key); the key is in this answer only.");
        group.MapGet("/", ListAsync).WithName("ListApiKeys").WithSummary("API keys, newest first, optionally of one tenant; never the keys themselves.");
        group.MapDelete("/{id:guid}", RevokeAsync).WithName("RevokeApiKey").WithSummary("Revokes a key; every Api process drops it at once.");
        group.MapPut("/{id:guid}/limits", ApiKeyLimitsEndpoint.SetAsync).WithName("SetApiKeyLimits")
            .WithSummary("Replaces the key's own caps of running tasks per queue family; its tasks also stay within the tenant's caps.");
        return app;
    }

    private static async Task<Results<Created<CreatedApiKeyResponse>, ProblemHttpResult>> CreateAsync(CreateApiKeyRequest? request, ApiKeyStore keys, CancellationToken ct)
    {
        if (request is null || (request.Operator != true && string.IsNullOrWhiteSpace(request.Tenant)))
        {
            return ApiProblem.InvalidField("tenant_missing", "tenant", "Send a JSON body with 'tenant' (or 'operator': true for a platform operator key).");
        }

        if (request.RequestsPerMinute is < 1)
        {
            return ApiProblem.InvalidField("invalid_requests_per_minute", "requestsPerMinute", "requestsPerMinute must be 1 or more.");
        }

        var maxInFlight = request.MaxInFlight ?? [];
        if (ApiKeyLimitsEndpoint.Validate(maxInFlight) is { } invalid)
        {
            return invalid;
        }

        var isOperator = request.Operator == true;
        var tenant = string.IsNullOrWhiteSpace(request.Tenant) ? ApiCommands.OperatorTenant : request.Tenant.Trim();
        var created = await keys.CreateAsync(tenant, request.Name?.Trim() is { Length: > 0 } name ? name : (isOperator ? "operator" : "cli"),
            request.Admin == true, request.RequestsPerMinute, isOperator, maxInFlight, ct);
        return TypedResults.Created($"/api/v1/admin/keys/{created.Record.Id}", new CreatedApiKeyResponse(ApiKeyResponse.From(created.Record, maxInFlight), created.Key));
    }

    private static async Task<Ok<List<ApiKeyResponse>>> ListAsync(string? tenant, NpgsqlDataSource dataSource, ApiKeyInFlightCaps caps, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ApiKeyRecord>(new CommandDefinition(
            """
            select id, tenant_id, name, prefix, is_admin, is_operator, requests_per_minute, created_at, revoked_at
            from api_keys where @tenant::text is null or tenant_id = @tenant order by created_at desc limit 1000
            """, new { tenant }, cancellationToken: ct));
        var keys = rows.AsList();
        var capsOf = await caps.OfKeysAsync(keys.Select(k => k.Id).ToList(), ct);
        return TypedResults.Ok(keys.Select(k => ApiKeyResponse.From(k, capsOf.GetValueOrDefault(k.Id) ?? [])).ToList());
    }

    /// <summary>
    /// Other processes drop the key when Redis tells them; this one drops it before answering, so the caller's next
    /// request with the key is refused whichever way the message travels.
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, ApiKeyRevocations revocations, ApiKeyCache cache, CancellationToken ct)
    {
        if (await revocations.RevokeAsync(id, ct) is not { } hash)
        {
            return ApiProblem.NotFound("Active API key", id);
        }

        cache.Evict(hash);
        return TypedResults.NoContent();
    }
}

/// <summary>The body of <c>POST /api/v1/admin/keys</c>.</summary>
/// <param name="MaxInFlight">The key's own caps of running tasks per queue family (<c>*</c> for every other family; 0 for none of its own).</param>
public sealed record CreateApiKeyRequest(string? Tenant, string? Name, bool? Admin, bool? Operator, int? RequestsPerMinute, Dictionary<string, int>? MaxInFlight = null);

/// <summary>An API key as listed: never the key, only its prefix; <c>maxInFlight</c> holds its own caps per queue family (empty: only the tenant's apply).</summary>
public sealed record ApiKeyResponse(Guid Id, string TenantId, string Name, string Prefix, bool IsAdmin, bool IsOperator, int? RequestsPerMinute,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, IReadOnlyDictionary<string, int> MaxInFlight)
{
    public static ApiKeyResponse From(ApiKeyRecord key, IReadOnlyDictionary<string, int> maxInFlight) => new(
        key.Id, key.TenantId, key.Name, key.Prefix, key.IsAdmin, key.IsOperator, key.RequestsPerMinute,
        new DateTimeOffset(DateTime.SpecifyKind(key.CreatedAt, DateTimeKind.Utc)),
        key.RevokedAt is { } r ? new DateTimeOffset(DateTime.SpecifyKind(r, DateTimeKind.Utc)) : null, maxInFlight);
}

/// <summary>A new key: shown in this answer only.</summary>
public sealed record CreatedApiKeyResponse(ApiKeyResponse Record, string Key);
