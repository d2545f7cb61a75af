using System.Text.Json;
using ServiceDefaults.Redis;

namespace Telemetry.Aggregator.Alerts;

/// <summary>Alert states, recent notifications and the evaluator lease, in Redis (shared by every replica).</summary>
internal sealed class AlertStore(Func<RedisClient> redis)
{
    /// <summary>Hash: condition key → JSON state, for pending and firing conditions.</summary>
    public const string StateKey = "telemetry:alerts:state";

    /// <summary>List of recent notifications (newest first), capped.</summary>
    public const string HistoryKey = "telemetry:alerts:history";

    /// <summary>The evaluator lease: only its holder evaluates.</summary>
    public const string LeaseKey = "telemetry:alerts:lease";

    private const int HistoryCap = 200;

    private static readonly RedisScript s_lease = new("""
        local holder = redis.call('GET', KEYS[1])
        if holder == false or holder == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 1
        end
        return 0
        """);

    /// <summary>Takes or renews the evaluator lease; false when another replica holds it.</summary>
    public async Task<bool> TryLeaseAsync(string owner, TimeSpan duration, CancellationToken cancellationToken) =>
        (await redis().ScriptEvaluateAsync(s_lease, [LeaseKey], [owner, (long)duration.TotalMilliseconds], cancellationToken)).AsInt64() == 1;

    /// <summary>Every stored state by key.</summary>
    public async Task<Dictionary<string, AlertState>> ReadStatesAsync(CancellationToken cancellationToken)
    {
        var items = (await redis().ExecuteAsync("HGETALL", [StateKey], cancellationToken)).Items ?? [];
        var states = new Dictionary<string, AlertState>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            if (items[i + 1].Bytes is { } json && JsonSerializer.Deserialize(json, AlertsJsonContext.Default.AlertState) is { } state)
            {
                states[items[i].AsString()!] = state;
            }
        }

        return states;
    }

    /// <summary>Stores (or, with null, removes) a condition's state.</summary>
    public Task SaveAsync(string key, AlertState? state, CancellationToken cancellationToken) => state is null
        ? redis().ExecuteAsync("HDEL", [StateKey, key], cancellationToken)
        : redis().ExecuteAsync("HSET", [StateKey, key, JsonSerializer.Serialize(state, AlertsJsonContext.Default.AlertState)], cancellationToken);

    /// <summary>Adds a notification to the recent history.</summary>
    public Task RecordAsync(AlertNotification notification, CancellationToken cancellationToken) =>
        redis().ExecuteBatchAsync(
            [("LPUSH", [HistoryKey, JsonSerializer.Serialize(notification, AlertsJsonContext.Default.AlertNotification)]), ("LTRIM", [HistoryKey, 0, HistoryCap - 1])],
            cancellationToken);

    /// <summary>The newest notifications.</summary>
    public async Task<IReadOnlyList<AlertNotification>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        var items = (await redis().ExecuteAsync("LRANGE", [HistoryKey, 0, count - 1], cancellationToken)).Items ?? [];
        return [.. items.Select(i => JsonSerializer.Deserialize(i.Bytes!, AlertsJsonContext.Default.AlertNotification)).OfType<AlertNotification>()];
    }
}
