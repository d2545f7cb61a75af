using ServiceDefaults.Redis;

namespace Telemetry.Aggregator.Ingest;

/// <summary>
/// The queue's Lua scripts. Each runs atomically on the server and touches only keys it is given, with commands
/// Garnet also implements (lists, sets, hashes, SET PX, EXPIRE): no streams.
/// </summary>
internal static class QueueScripts
{
    /// <summary>
    /// Claim. KEYS: pending, processing, lease, consumers. ARGV: batch size, lease ms, consumer id. Renews the lease;
    /// returns the consumer's unacknowledged batch if it has one (a retry after a failed apply), else moves up to
    /// batch-size of the oldest pending entries onto the processing list and returns them.
    /// </summary>
    public static readonly RedisScript Claim = new("""
        redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[2])
        redis.call('SADD', KEYS[4], ARGV[3])
        if redis.call('LLEN', KEYS[2]) > 0 then
          return redis.call('LRANGE', KEYS[2], 0, -1)
        end
        local items = redis.call('LRANGE', KEYS[1], -tonumber(ARGV[1]), -1)
        if #items == 0 then
          return items
        end
        redis.call('LTRIM', KEYS[1], 0, -#items - 1)
        redis.call('RPUSH', KEYS[2], unpack(items))
        return items
        """);

    /// <summary>
    /// Apply and acknowledge. KEYS: processing, stats hash, dead-letter list, the seen sets, then the bucket hashes.
    /// ARGV: seen-set count s, dead-letter cap, s TTLs, id count n, n pairs (seen-set index, id), target count t,
    /// per target (ttl, field count m, m pairs field/delta), stats pair count, pairs, dead-letter count, entries.
    /// If any id is already in its seen set nothing changes and the reply is {0, positions...}; otherwise every
    /// effect lands, the batch is acknowledged (processing list deleted) and the reply is {1}.
    /// </summary>
    public static readonly RedisScript Apply = new("""
        local s = tonumber(ARGV[1])
        local a = 3 + s
        local n = tonumber(ARGV[a])
        local seen = {0}
        for i = 1, n do
          local p = a + 2 * i - 1
          if redis.call('SISMEMBER', KEYS[3 + tonumber(ARGV[p])], ARGV[p + 1]) == 1 then
            seen[#seen + 1] = i - 1
          end
        end
        if #seen > 1 then
          return seen
        end
        for i = 1, n do
          local p = a + 2 * i - 1
          redis.call('SADD', KEYS[3 + tonumber(ARGV[p])], ARGV[p + 1])
        end
        for j = 1, s do
          redis.call('EXPIRE', KEYS[3 + j], ARGV[2 + j])
        end
        a = a + 2 * n + 1
        local t = tonumber(ARGV[a])
        a = a + 1
        for j = 1, t do
          local key = KEYS[3 + s + j]
          local ttl = ARGV[a]
          local m = tonumber(ARGV[a + 1])
          a = a + 2
          for f = 1, m do
            redis.call('HINCRBY', key, ARGV[a], ARGV[a + 1])
            a = a + 2
          end
          redis.call('EXPIRE', key, ttl)
        end
        local st = tonumber(ARGV[a])
        a = a + 1
        for f = 1, st do
          redis.call('HINCRBY', KEYS[2], ARGV[a], ARGV[a + 1])
          a = a + 2
        end
        local d = tonumber(ARGV[a])
        for f = 1, d do
          redis.call('LPUSH', KEYS[3], ARGV[a + f])
        end
        if d > 0 then
          redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[2]) - 1)
        end
        redis.call('DEL', KEYS[1])
        return {1}
        """);

    /// <summary>
    /// Reclaim. KEYS: processing, lease, pending, consumers. ARGV: consumer id. Only when the lease has expired: moves
    /// the consumer's unacknowledged batch back to the consuming end of pending and forgets the consumer.
    /// Returns the number of entries moved, or -1 when the lease is still held.
    /// </summary>
    public static readonly RedisScript Reclaim = new("""
        if redis.call('EXISTS', KEYS[2]) == 1 then
          return -1
        end
        local items = redis.call('LRANGE', KEYS[1], 0, -1)
        if #items > 0 then
          redis.call('RPUSH', KEYS[3], unpack(items))
        end
        redis.call('DEL', KEYS[1])
        redis.call('SREM', KEYS[4], ARGV[1])
        return #items
        """);
}
