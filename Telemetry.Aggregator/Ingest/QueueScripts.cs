using ServiceDefaults.Redis;

namespace Telemetry.Aggregator.Ingest;

/// <summary>
/// The queue's Lua scripts. Each runs atomically on the server and touches only keys it is given, with commands
/// Garnet also implements (lists, sets, hashes, SET PX, EXPIRE): no streams. Multi-argument calls are
/// chunked by 4 000 so a batch stays under Lua's unpack limit (8 000 values in Redis' Lua 5.1).
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
        for i = 1, #items, 4000 do
          redis.call('RPUSH', KEYS[2], unpack(items, i, math.min(i + 3999, #items)))
        end
        return items
        """);

    /// <summary>
    /// Apply and acknowledge. KEYS: processing, stats hash, dead-letter list, the seen sets, then the bucket hashes.
    /// ARGV: seen-set count s, dead-letter cap; per seen set (ttl, id count c, c ids); target count t; per target
    /// (ttl, field count m, m pairs field/delta); stats pair count, pairs; dead-letter count, entries.
    /// If any id is already in its seen set nothing changes and the reply is {0, positions...} (0-based, in ARGV
    /// order); otherwise every effect lands, the batch is acknowledged (processing list deleted) and the reply is {1}.
    /// </summary>
    public static readonly RedisScript Apply = new("""
        local s = tonumber(ARGV[1])
        local a = 3
        local seen = {0}
        local groups = {}
        local position = 0
        for j = 1, s do
          local c = tonumber(ARGV[a + 1])
          local ids = {}
          for k = 1, c do
            ids[k] = ARGV[a + 1 + k]
          end
          groups[j] = {ARGV[a], ids}
          for i = 1, c, 4000 do
            local found = redis.call('SMISMEMBER', KEYS[3 + j], unpack(ids, i, math.min(i + 3999, c)))
            for k = 1, #found do
              if found[k] == 1 then
                seen[#seen + 1] = position + i + k - 2
              end
            end
          end
          position = position + c
          a = a + 2 + c
        end
        if #seen > 1 then
          return seen
        end
        for j = 1, s do
          local ids = groups[j][2]
          for i = 1, #ids, 4000 do
            redis.call('SADD', KEYS[3 + j], unpack(ids, i, math.min(i + 3999, #ids)))
          end
          redis.call('EXPIRE', KEYS[3 + j], groups[j][1])
        end
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
        for i = 1, #items, 4000 do
          redis.call('RPUSH', KEYS[3], unpack(items, i, math.min(i + 3999, #items)))
        end
        redis.call('DEL', KEYS[1])
        redis.call('SREM', KEYS[4], ARGV[1])
        return #items
        """);
}
