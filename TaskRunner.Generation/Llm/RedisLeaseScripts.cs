namespace TaskRunner.Generation.Llm;

/// <summary>
/// Lua for the Redis semaphore: a sorted set of lease ids scored by expiry (Redis server time, so clocks
/// of the workers do not matter). Every acquire first drops expired leases, which is how a dead worker's slot returns.
/// </summary>
internal static class RedisLeaseScripts
{
    // KEYS[1] = set, KEYS[2] = waiting mark; ARGV[1] = limit, ARGV[2] = lease id, ARGV[3] = lease ms, ARGV[4] = mark ms.
    // A refused acquire sets the waiting mark for ARGV[4] ms (longer than a waiter's longest poll), so releases publish.
    public const string Acquire = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
          redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
          redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 2)
          return 1
        end
        redis.call('SET', KEYS[2], '1', 'PX', tonumber(ARGV[4]))
        return 0
        """;

    // KEYS[1] = set, KEYS[2] = waiting mark; ARGV[1] = lease id, ARGV[2] = channel, ARGV[3] = message.
    // Publishes the release only while someone waits: with no waiter no process has anything to wake.
    public const string Release = """
        redis.call('ZREM', KEYS[1], ARGV[1])
        if redis.call('EXISTS', KEYS[2]) == 1 then
          redis.call('PUBLISH', ARGV[2], ARGV[3])
          return 1
        end
        return 0
        """;

    // KEYS[1] = set; ARGV[1] = lease id, ARGV[2] = lease ms. Returns 0 when the lease was already lost.
    public const string Renew = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not score or tonumber(score) < now then
          return 0
        end
        redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
        redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
        return 1
        """;
}
