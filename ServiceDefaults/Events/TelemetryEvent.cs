using System.Text.Json.Serialization;

namespace ServiceDefaults.Events;

/// <summary>
/// One record on the telemetry queue, produced by Inference.Api and consumed by Telemetry.Aggregator.
/// Serialized as one JSON object with a <c>type</c> discriminator; consumers ignore unknown fields so the
/// contract can grow without breaking a running aggregator.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(RequestCompleted), "request")]
[JsonDerivedType(typeof(FeedbackReceived), "feedback")]
public abstract record TelemetryEvent
{
    /// <summary>Unique id of this event; every effect of applying it is idempotent by this id.</summary>
    public required string EventId { get; init; }

    /// <summary>When the event happened, in Unix milliseconds (UTC); decides its time bucket.</summary>
    public required long TimestampUnixMs { get; init; }
}
