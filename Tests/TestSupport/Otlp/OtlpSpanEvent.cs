namespace TestSupport.Otlp;

/// <summary>A span event (<c>Span.Event</c>: 1 time, 2 name, 3 attributes), e.g. a recorded exception.</summary>
/// <param name="Name">Event name.</param>
/// <param name="Time">When it happened, UTC.</param>
/// <param name="Attributes">Event attributes as text.</param>
internal sealed record OtlpSpanEvent(string Name, DateTime Time, IReadOnlyDictionary<string, string> Attributes);
