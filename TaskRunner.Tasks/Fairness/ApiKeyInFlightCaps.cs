using Dapper;
using Npgsql;

namespace TaskRunner.Tasks.Fairness;

/// <summary>
/// An API key's own caps of running tasks per queue family (<c>api_key_limits</c>), which the claim reads next to the
/// tenant's (<see cref="TenantInFlightGate"/>): a key's task starts only while the key is below its cap and the tenant
/// below the tenant's. <c>*</c> stands for every family the key does not name; 0 means no cap of the key's own.
/// </summary>
public sealed class ApiKeyInFlightCaps(NpgsqlDataSource dataSource)
{
    /// <summary>The family name that stands for every family a key's caps do not name.</summary>
    public const string EveryFamily = "*";

    /// <summary>The largest cap an operator may set, as for the tenant caps (<see cref="FairnessOptions.MaxInFlightPerTenant"/>).</summary>
    public const int MaxCap = 100_000;

    /// <summary>The names a key's caps may use: each queue family, and <see cref="EveryFamily"/>.</summary>
    public static IReadOnlyList<string> Families { get; } = [.. TaskQueues.All, EveryFamily];

    /// <summary>Why <paramref name="caps"/> cannot be stored (the offending family and a sentence for the operator), or null when they can.</summary>
    public static (string Family, string Problem)? Validate(IReadOnlyDictionary<string, int> caps)
    {
        foreach (var (family, cap) in caps)
        {
            if (!Families.Contains(family, StringComparer.Ordinal))
            {
                return (family, $"'{family}' is not a queue family; use one of {string.Join(", ", Families)}.");
            }

            if (cap is < 0 or > MaxCap)
            {
                return (family, $"The cap on '{family}' must be between 0 (no cap of the key's own) and {MaxCap}; got {cap}.");
            }
        }

        return null;
    }

    /// <summary>
    /// Replaces every cap of the active key <paramref name="keyId"/> with <paramref name="caps"/> (empty removes them all),
    /// in one statement. False when no active key has this id. Claims read the caps at once, no restart needed.
    /// </summary>
    public async Task<bool> ReplaceAsync(Guid keyId, IReadOnlyDictionary<string, int> caps, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            with key as (select id from api_keys where id = @keyId and revoked_at is null for update),
                 removed as (delete from api_key_limits where key_id in (select id from key) and not (queue = any(@queues))),
                 written as (insert into api_key_limits (key_id, queue, max_in_flight)
                             select key.id, l.queue, l.cap from key cross join unnest(@queues, @values) as l(queue, cap)
                             on conflict (key_id, queue) do update set max_in_flight = excluded.max_in_flight, updated_at = now())
            select count(*) from key
            """, new { keyId, queues = caps.Keys.ToArray(), values = caps.Values.ToArray() }, cancellationToken: ct)) == 1;
    }

    /// <summary>The caps of each of <paramref name="keyIds"/> that has any.</summary>
    public async Task<IReadOnlyDictionary<Guid, Dictionary<string, int>>> OfKeysAsync(IReadOnlyCollection<Guid> keyIds, CancellationToken ct)
    {
        if (keyIds.Count == 0)
        {
            return new Dictionary<Guid, Dictionary<string, int>>();
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(Guid KeyId, string Queue, int MaxInFlight)>(new CommandDefinition(
            "select key_id, queue, max_in_flight from api_key_limits where key_id = any(@keyIds)", new { keyIds = keyIds.ToArray() }, cancellationToken: ct));
        return rows.GroupBy(r => r.KeyId).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Queue, r => r.MaxInFlight, StringComparer.Ordinal));
    }
}
