using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using TaskRunner.Api.Problems;
using TaskRunner.Tasks.Fairness;
using TaskRunner.Tasks.Security;

namespace TaskRunner.Api.Admin;

/// <summary><c>PUT /api/v1/admin/keys/{id}/limits</c>: replaces an active key's own caps of running tasks per queue family.</summary>
public static class ApiKeyLimitsEndpoint
{
    public static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> SetAsync(
        Guid id, SetApiKeyLimitsRequest? request, ApiKeyInFlightCaps caps, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (request?.MaxInFlight is not { } maxInFlight)
        {
            return ApiProblem.InvalidField("max_in_flight_missing", "maxInFlight",
                "Send a JSON body with 'maxInFlight', the key's caps per queue family (e.g. {\"maxInFlight\":{\"llm\":2}}); {} removes them.");
        }

        if (Validate(maxInFlight) is { } invalid)
        {
            return invalid;
        }

        if (!await caps.ReplaceAsync(id, maxInFlight, ct))
        {
            return ApiProblem.NotFound("Active API key", id);
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var key = await connection.QuerySingleAsync<ApiKeyRecord>(new CommandDefinition(
            "select id, tenant_id, name, prefix, is_admin, is_operator, requests_per_minute, created_at, revoked_at from api_keys where id = @id",
            new { id }, cancellationToken: ct));
        return TypedResults.Ok(ApiKeyResponse.From(key, maxInFlight));
    }

    /// <summary>A 400 naming the offending family (<c>maxInFlight.llm</c>) for an unknown family or a cap out of range; null when the caps are valid.</summary>
    internal static ProblemHttpResult? Validate(IReadOnlyDictionary<string, int> maxInFlight) =>
        ApiKeyInFlightCaps.Validate(maxInFlight) is { } problem
            ? ApiProblem.InvalidField(ApiKeyInFlightCaps.Families.Contains(problem.Family, StringComparer.Ordinal) ? "invalid_max_in_flight" : "unknown_queue_family",
                $"maxInFlight.{problem.Family}", problem.Problem)
            : null;
}

/// <summary>The body of <c>PUT /api/v1/admin/keys/{id}/limits</c>: every cap the key keeps (an empty object removes them all).</summary>
/// <param name="MaxInFlight">Caps per queue family (<c>default</c>, <c>embed</c>, <c>ingest</c>, <c>llm</c>, or <c>*</c> for every other family); 0 means no cap of the key's own.</param>
public sealed record SetApiKeyLimitsRequest(Dictionary<string, int>? MaxInFlight);
