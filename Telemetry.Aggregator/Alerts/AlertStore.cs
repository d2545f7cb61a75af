using System.Text.Json;
using StackExchange.Redis;

namespace Telemetry.Aggregator.Alerts;

/// <summary>Alert states, recent notifications and the evaluator lease, in Redis (shared by every replica).</summary>
internal sealed class AlertStore(Func<IDatabase> cache)
{
    /// <summary>Hash: condition key → JSON state, for pending and firing conditions.</summary>
    public const string StateKey = "telemetry:alerts:state";

    /// <summary>List of recent notifications (newest first), capped.</summary>
    public const string HistoryKey = "telemetry:alerts:history";

    /// <summary>The evaluator lease: only its holder evaluates.</summary>
    public const string LeaseKey = "telemetry:alerts:lease";

    private const int HistoryCap = 200;

    // Positional KEYS/ARGV; the client loads it once per server and calls it by SHA (EVALSHA), reloading on NOSCRIPT.
    private const string LeaseScript = """
        local holder = redis.call('GET', KEYS[1])
        if holder == false or holder == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 1
        end
        return 0
        """;

    /// <summary>Takes or renews the evaluator lease; false when another replica holds it.</summary>
    public async Task<bool> TryLeaseAsync(string owner, TimeSpan duration, CancellationToken cancellationToken) =>
        (long)await cache().ScriptEvaluateAsync(LeaseScript, [LeaseKey], [owner, (long)duration.TotalMilliseconds]).WaitAsync(cancellationToken) == 1;

    /// <summary>Every stored state by key.</summary>
    public async Task<Dictionary<string, AlertState>> ReadStatesAsync(CancellationToken cancellationToken)
    {
        var entries = await cache().HashGetAllAsync(StateKey).WaitAsync(cancellationToken);
        var states = new Dictionary<string, AlertState>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!entry.Value.IsNullOrEmpty && JsonSerializer.Deserialize((byte[])entry.Value!, AlertsJsonContext.Default.AlertState) is { } state)
            {
                states[entry.Name.ToString()] = state;
            }
        }

        return states;
    }

    /// <summary>Stores (or, with null, removes) a condition's state.</summary>
    public Task SaveAsync(string key, AlertState? state, CancellationToken cancellationToken) => state is null
        ? cache().HashDeleteAsync(StateKey, key).WaitAsync(cancellationToken)
        : cache().HashSetAsync(StateKey, key, JsonSerializer.SerializeToUtf8Bytes(state, AlertsJsonContext.Default.AlertState)).WaitAsync(cancellationToken);

    /// <summary>Adds a notification to the recent history.</summary>
    public Task RecordAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        var db = cache();
        var push = db.ListLeftPushAsync(HistoryKey, JsonSerializer.SerializeToUtf8Bytes(notification, AlertsJsonContext.Default.AlertNotification));
        var trim = db.ListTrimAsync(HistoryKey, 0, HistoryCap - 1);
        return Task.WhenAll(push, trim).WaitAsync(cancellationToken);
    }

    /// <summary>The newest notifications.</summary>
    public async Task<IReadOnlyList<AlertNotification>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        var items = await cache().ListRangeAsync(HistoryKey, 0, count - 1).WaitAsync(cancellationToken);
        return [.. items.Select(i => JsonSerializer.Deserialize((byte[])i!, AlertsJsonContext.Default.AlertNotification)).OfType<AlertNotification>()];
    }
}
