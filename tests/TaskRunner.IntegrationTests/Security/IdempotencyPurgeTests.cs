using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using TaskRunner.Api.Idempotency;
using TaskRunner.IntegrationTests.Infrastructure;

namespace TaskRunner.IntegrationTests.Security;

/// <summary>
/// The Api's background purger deletes Idempotency-Key records older than 24 hours, response bodies and abandoned
/// claims alike, in batches, on every interval, and keeps younger ones. Rows are dated back in Postgres.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class IdempotencyPurgeTests(PlatformFixture platform)
{
    /// <summary>More than two of the purger's 1000-row batches, so one pass must go on until a batch comes back short.</summary>
    private const int Expired = 2500;

    [Fact]
    public async Task The_purger_deletes_expired_keys_on_each_interval_and_keeps_live_ones()
    {
        var tenant = $"idem-purge-{Guid.NewGuid():N}"[..26];
        await using var db = new NpgsqlConnection(platform.ConnectionString);
        await db.OpenAsync();
        await InsertExpiredAsync(db, tenant, "first", Expired);
        await db.ExecuteAsync("""
            insert into idempotency_keys (tenant_id, key, request_hash, status_code, body, created_at, completed_at, lease_until)
            values (@tenant, 'live-completed', 'h', 202, '\x7b7d'::bytea, now() - interval '23 hours', now() - interval '23 hours', now() - interval '23 hours');
            insert into idempotency_keys (tenant_id, key, request_hash, lease_until, claim_token)
            values (@tenant, 'live-claim', 'h', now() + interval '30 seconds', gen_random_uuid());
            """, new { tenant });

        // One pass, at start, must delete all of them: the next would come only after the default ten minutes.
        await RunPurgerAsync(new IdempotencyOptions().PurgeIntervalSeconds, async () =>
            await IdempotentNoop.WaitForAsync(async () => await CountAsync(db, tenant, "first-%") == 0, "one pass to delete every expired key"));
        Assert.Equal(["live-claim", "live-completed"], await KeysAsync(db, tenant));

        // Every interval: once the first pass is over (its short last batch took the marker), keys that expire later
        // are deleted by a later pass.
        await InsertExpiredAsync(db, tenant, "marker", 1);
        await RunPurgerAsync(1, async () =>
        {
            await IdempotentNoop.WaitForAsync(async () => await CountAsync(db, tenant, "marker-%") == 0, "the first pass");
            await InsertExpiredAsync(db, tenant, "later", 3);
            await IdempotentNoop.WaitForAsync(async () => await CountAsync(db, tenant, "later-%") == 0, "a later pass to delete the keys expired since");
        });
        Assert.Equal(["live-claim", "live-completed"], await KeysAsync(db, tenant));
    }

    /// <summary>A purger like the Api's (its store, this fixture's database) with this interval, running while <paramref name="whileRunning"/> does.</summary>
    private async Task RunPurgerAsync(int intervalSeconds, Func<Task> whileRunning)
    {
        var store = platform.ApiServices.GetRequiredService<IdempotencyStore>();
        using var purger = new IdempotencyKeyPurger(store, Options.Create(new IdempotencyOptions { PurgeIntervalSeconds = intervalSeconds }), NullLogger<IdempotencyKeyPurger>.Instance);
        await purger.StartAsync(CancellationToken.None);
        try
        {
            await whileRunning();
        }
        finally
        {
            await purger.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Completed keys with their bodies, and every tenth one an abandoned claim without a response, all 25 hours old.</summary>
    private static Task InsertExpiredAsync(NpgsqlConnection db, string tenant, string prefix, int count) => db.ExecuteAsync("""
        insert into idempotency_keys (tenant_id, key, request_hash, status_code, body, created_at, completed_at, lease_until)
        select @tenant, @prefix || '-' || g, 'h',
               case when g % 10 = 0 then null else 202 end,
               case when g % 10 = 0 then null else '\x7b7d'::bytea end,
               now() - interval '25 hours',
               case when g % 10 = 0 then null else now() - interval '25 hours' end,
               now() - interval '25 hours'
          from generate_series(1, @count) g
        """, new { tenant, prefix, count });

    private static Task<long> CountAsync(NpgsqlConnection db, string tenant, string pattern) =>
        db.ExecuteScalarAsync<long>("select count(*) from idempotency_keys where tenant_id = @tenant and key like @pattern", new { tenant, pattern });

    private static async Task<string[]> KeysAsync(NpgsqlConnection db, string tenant) =>
        (await db.QueryAsync<string>("select key from idempotency_keys where tenant_id = @tenant order by key", new { tenant })).ToArray();
}
