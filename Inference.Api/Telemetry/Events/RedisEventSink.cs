using ServiceDefaults.Events;
using ServiceDefaults.Redis;

namespace Inference.Api.Telemetry.Events;

/// <summary>
/// Delivers a batch with one LPUSH onto the reliable queue (consumers take from the other end, so order is kept).
/// The client is resolved on first use: a missing connection string then shows as a spooling publisher with the
/// reason in the log, not as a service that cannot start.
/// </summary>
internal sealed class RedisEventSink(IServiceProvider services) : IEventSink
{
    private RedisClient? _client;

    public async ValueTask PublishAsync(IReadOnlyList<ReadOnlyMemory<byte>> events, CancellationToken cancellationToken)
    {
        _client ??= services.GetRequiredService<RedisClient>();
        var args = new object[events.Count + 1];
        args[0] = EventQueueKeys.Pending;
        for (var i = 0; i < events.Count; i++)
        {
            args[i + 1] = events[i];
        }

        await _client.ExecuteAsync("LPUSH", args, cancellationToken);
    }
}
