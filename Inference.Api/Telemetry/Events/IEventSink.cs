namespace Inference.Api.Telemetry.Events;

/// <summary>Where serialized telemetry events go (the cache queue). Throws when the destination is unreachable.</summary>
internal interface IEventSink
{
    /// <summary>Delivers a batch, in order, as one operation (all or nothing from the caller's point of view).</summary>
    ValueTask PublishAsync(IReadOnlyList<ReadOnlyMemory<byte>> events, CancellationToken cancellationToken);
}
