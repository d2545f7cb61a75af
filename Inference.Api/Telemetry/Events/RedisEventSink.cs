using ServiceDefaults.Events;
using StackExchange.Redis;

namespace Inference.Api.Telemetry.Events;

/// <summary>
/// Delivers a batch with one LPUSH onto the reliable queue (consumers take from the other end, so order is kept).
/// The connection is resolved on first use: a missing connection string then shows as a spooling publisher with the
/// reason in the log, not as a service that cannot start. It is the cache client's untraced connection
/// (<see cref="CacheClientExtensions.BackgroundServiceKey"/>): the publisher runs outside any request's trace.
/// </summary>
internal sealed class RedisEventSink(IServiceProvider services) : IEventSink
{
    private static readonly RedisKey s_pending = EventQueueKeys.Pending;

    private IDatabase? _cache;

    public async ValueTask PublishAsync(IReadOnlyList<ReadOnlyMemory<byte>> events, CancellationToken cancellationToken)
    {
        _cache ??= services.GetRequiredKeyedService<IConnectionMultiplexer>(CacheClientExtensions.BackgroundServiceKey).GetDatabase();
        var values = new RedisValue[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            values[i] = events[i];
        }

        await _cache.ListLeftPushAsync(s_pending, values).WaitAsync(cancellationToken);
    }
}
