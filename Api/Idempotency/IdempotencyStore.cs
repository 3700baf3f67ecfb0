using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TaskRunner.Api.Idempotency;

/// <summary>
/// Idempotency-Key records in Postgres: claimed by a request under a lease, completed with its response, kept 24 h and
/// then purged. A claim whose lease ran out without a response (the process died, or storing the response failed) is
/// taken over by the next request with the same key and body.
/// </summary>
public sealed class IdempotencyStore(NpgsqlDataSource dataSource, IOptions<IdempotencyOptions> options)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private double LeaseSeconds => options.Value.LeaseSeconds;

    /// <summary>
    /// A claim when this request may run: the key is new, or its holder's lease expired without a response. Null when
    /// a record with a response or a live lease exists.
    /// </summary>
    public async Task<IdempotencyClaim?> TryClaimAsync(string tenantId, string key, string requestHash, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from idempotency_keys where tenant_id = @tenantId and key = @key and created_at < now() - make_interval(secs => @secs)",
            new { tenantId, key, secs = Lifetime.TotalSeconds }, cancellationToken: ct));
        var token = Guid.NewGuid();
        var seed = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition("""
            insert into idempotency_keys as k (tenant_id, key, request_hash, lease_until, claim_token)
            values (@tenantId, @key, @requestHash, now() + make_interval(secs => @lease), @token)
            on conflict (tenant_id, key) do update set lease_until = excluded.lease_until, claim_token = excluded.claim_token
             where k.completed_at is null and k.lease_until < now() and k.request_hash = excluded.request_hash
            returning submission_seed
            """, new { tenantId, key, requestHash, lease = LeaseSeconds, token }, cancellationToken: ct));
        return seed is { } s ? new IdempotencyClaim(tenantId, key, token, s) : null;
    }

    public async Task<IdempotencyRecord?> GetAsync(string tenantId, string key, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<IdempotencyRecord>(new CommandDefinition("""
            select request_hash, status_code, content_type, location, body, created_at, lease_until < now() as lease_expired
              from idempotency_keys where tenant_id = @tenantId and key = @key
            """, new { tenantId, key }, cancellationToken: ct));
    }

    /// <summary>Extends a running request's lease; false when the claim was lost (taken over after it ran out).</summary>
    public async Task<bool> RenewAsync(IdempotencyClaim claim, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("""
            update idempotency_keys set lease_until = now() + make_interval(secs => @lease)
             where tenant_id = @TenantId and key = @Key and claim_token = @Token and completed_at is null
            """, new { claim.TenantId, claim.Key, claim.Token, lease = LeaseSeconds }, cancellationToken: ct)) == 1;
    }

    /// <summary>Stores the response for replay; false when this request no longer holds the claim.</summary>
    public async Task<bool> CompleteAsync(IdempotencyClaim claim, int statusCode, string? contentType, string? location, byte[] body, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("""
            update idempotency_keys set status_code = @statusCode, content_type = @contentType, location = @location, body = @body, completed_at = now()
             where tenant_id = @TenantId and key = @Key and claim_token = @Token and completed_at is null
            """, new { claim.TenantId, claim.Key, claim.Token, statusCode, contentType, location, body }, cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// Ends the lease at once, so the client's retry runs the request again. The row and its submission seed stay: a task
    /// the failed attempt did submit is found again by the retry, not submitted twice.
    /// </summary>
    public async Task ReleaseAsync(IdempotencyClaim claim, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            update idempotency_keys set lease_until = now() - interval '1 second', claim_token = null
             where tenant_id = @TenantId and key = @Key and claim_token = @Token and completed_at is null
            """, new { claim.TenantId, claim.Key, claim.Token }, cancellationToken: ct));
    }

    /// <summary>Deletes up to <paramref name="limit"/> records older than <see cref="Lifetime"/> (by the created_at index).</summary>
    public async Task<int> PurgeExpiredAsync(int limit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("""
            delete from idempotency_keys where ctid = any(array(
                select ctid from idempotency_keys where created_at < now() - make_interval(secs => @secs) limit @limit))
            """, new { secs = Lifetime.TotalSeconds, limit }, cancellationToken: ct));
    }
}
