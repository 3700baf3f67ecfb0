using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace TaskRunner.Tasks.Security;

/// <summary>Creates API keys and looks them up by hash. Keys look like <c>trk_&lt;43 url-safe characters&gt;</c>.</summary>
public sealed class ApiKeyStore(NpgsqlDataSource dataSource)
{
    private const string KeyPrefix = "trk_";

    public async Task<CreatedApiKey> CreateAsync(string tenantId, string name, bool isAdmin, int? requestsPerMinute, CancellationToken ct)
    {
        var key = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var record = new ApiKeyRecord
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            Name = name,
            Prefix = key[..10],
            IsAdmin = isAdmin,
            RequestsPerMinute = requestsPerMinute,
            CreatedAt = DateTime.UtcNow,
        };
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into api_keys (id, tenant_id, name, prefix, key_hash, is_admin, requests_per_minute)
            values (@Id, @TenantId, @Name, @Prefix, @hash, @IsAdmin, @RequestsPerMinute)
            """, new { record.Id, record.TenantId, record.Name, record.Prefix, hash = Hash(key), record.IsAdmin, record.RequestsPerMinute }, cancellationToken: ct));
        return new CreatedApiKey(record, key);
    }

    /// <summary>The active key with this value, or null.</summary>
    public async Task<ApiKeyRecord?> FindAsync(string key, CancellationToken ct)
    {
        if (!key.StartsWith(KeyPrefix, StringComparison.Ordinal) || key.Length > 200)
        {
            return null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ApiKeyRecord>(new CommandDefinition(
            "select * from api_keys where key_hash = @hash and revoked_at is null", new { hash = Hash(key) }, cancellationToken: ct));
    }

    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "update api_keys set revoked_at = now() where id = @id and revoked_at is null", new { id }, cancellationToken: ct)) == 1;
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
