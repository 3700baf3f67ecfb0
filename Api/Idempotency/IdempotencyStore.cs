using Dapper;
using Npgsql;

namespace TaskRunner.Api.Idempotency;

/// <summary>Idempotency-Key records in Postgres: claimed by the first request, completed with its response, kept 24 h.</summary>
public sealed class IdempotencyStore(NpgsqlDataSource dataSource)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>True when this request claimed the key; false when a record (pending or complete) already exists.</summary>
    public async Task<bool> TryClaimAsync(string tenantId, string key, string requestHash, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from idempotency_keys where tenant_id = @tenantId and key = @key and created_at < now() - make_interval(secs => @secs)",
            new { tenantId, key, secs = Lifetime.TotalSeconds }, cancellationToken: ct));
        return await connection.ExecuteAsync(new CommandDefinition("""
            insert into idempotency_keys (tenant_id, key, request_hash) values (@tenantId, @key, @requestHash) on conflict do nothing
            """, new { tenantId, key, requestHash }, cancellationToken: ct)) == 1;
    }

    public async Task<IdempotencyRecord?> GetAsync(string tenantId, string key, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<IdempotencyRecord>(new CommandDefinition(
            "select * from idempotency_keys where tenant_id = @tenantId and key = @key", new { tenantId, key }, cancellationToken: ct));
    }

    public async Task CompleteAsync(string tenantId, string key, int statusCode, string? contentType, string? location, byte[] body, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            update idempotency_keys set status_code = @statusCode, content_type = @contentType, location = @location, body = @body, completed_at = now()
             where tenant_id = @tenantId and key = @key
            """, new { tenantId, key, statusCode, contentType, location, body }, cancellationToken: ct));
    }

    /// <summary>Forgets a claim whose request failed on our side, so the client's retry runs again.</summary>
    public async Task ReleaseAsync(string tenantId, string key, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from idempotency_keys where tenant_id = @tenantId and key = @key and completed_at is null", new { tenantId, key }, cancellationToken: ct));
    }
}
