using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace TaskRunner.Tasks.Security;

/// <summary>Creates API keys and looks them up by hash. Keys look like <c>trk_&lt;43 url-safe characters&gt;</c>.</summary>
public sealed class ApiKeyStore(NpgsqlDataSource dataSource)
{
    private const string KeyPrefix = "trk_";

    public Task<CreatedApiKey> CreateAsync(string tenantId, string name, bool isAdmin, int? requestsPerMinute, CancellationToken ct) =>
        CreateAsync(tenantId, name, isAdmin, requestsPerMinute, isOperator: false, ct);

    public Task<CreatedApiKey> CreateAsync(string tenantId, string name, bool isAdmin, int? requestsPerMinute, bool isOperator, CancellationToken ct) =>
        CreateAsync(tenantId, name, isAdmin, requestsPerMinute, isOperator, new Dictionary<string, int>(), ct);

    /// <summary>Creates a key with its own in-flight caps per queue family (<c>api_key_limits</c>, validated by the caller), in one statement.</summary>
    public async Task<CreatedApiKey> CreateAsync(
        string tenantId, string name, bool isAdmin, int? requestsPerMinute, bool isOperator, IReadOnlyDictionary<string, int> maxInFlight, CancellationToken ct)
    {
        if (requestsPerMinute is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(requestsPerMinute), requestsPerMinute, "A key's request limit must be at least 1 per minute.");
        }

        var key = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var record = new ApiKeyRecord
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            Name = name,
            Prefix = key[..10],
            IsAdmin = isAdmin,
            IsOperator = isOperator,
            RequestsPerMinute = requestsPerMinute,
            CreatedAt = DateTime.UtcNow,
        };
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            with key as (
                insert into api_keys (id, tenant_id, name, prefix, key_hash, is_admin, is_operator, requests_per_minute)
                values (@Id, @TenantId, @Name, @Prefix, @hash, @IsAdmin, @IsOperator, @RequestsPerMinute)
                returning id)
            insert into api_key_limits (key_id, queue, max_in_flight)
            select key.id, l.queue, l.cap from key cross join unnest(@queues, @caps) as l(queue, cap)
            """, new
        {
            record.Id, record.TenantId, record.Name, record.Prefix, hash = Hash(key), record.IsAdmin, record.IsOperator, record.RequestsPerMinute,
            queues = maxInFlight.Keys.ToArray(), caps = maxInFlight.Values.ToArray(),
        }, cancellationToken: ct));
        return new CreatedApiKey(record, key);
    }

    /// <summary>The active key with this value, or null.</summary>
    public async Task<ApiKeyRecord?> FindAsync(string key, CancellationToken ct)
    {
        if (!LooksLikeKey(key))
        {
            return null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ApiKeyRecord>(new CommandDefinition(
            "select * from api_keys where key_hash = @hash and revoked_at is null", new { hash = Hash(key) }, cancellationToken: ct));
    }

    /// <summary>Whether the key with this id is still an active operator key (a dashboard session re-checks this).</summary>
    public async Task<bool> IsActiveOperatorAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from api_keys where id = @id and is_operator and revoked_at is null)", new { id }, cancellationToken: ct));
    }

    /// <summary>Revokes the key; returns its hash (so caches can drop it), or null when no active key has this id.</summary>
    public async Task<string?> RevokeAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "update api_keys set revoked_at = now() where id = @id and revoked_at is null returning key_hash", new { id }, cancellationToken: ct));
    }

    /// <summary>Cheap shape check, so obvious garbage never costs a query or a cache entry.</summary>
    public static bool LooksLikeKey(string key) => key.StartsWith(KeyPrefix, StringComparison.Ordinal) && key.Length is > 20 and <= 200;

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
