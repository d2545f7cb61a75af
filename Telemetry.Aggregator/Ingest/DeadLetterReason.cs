namespace Telemetry.Aggregator.Ingest;

/// <summary>Why an event went to the dead-letter list instead of the windows (also the <c>reason</c> label of its counter).</summary>
internal static class DeadLetterReason
{
    /// <summary>Not JSON, or not an object of a known shape.</summary>
    public const string MalformedJson = "malformed_json";

    /// <summary>A <c>type</c> this aggregator does not know.</summary>
    public const string UnknownType = "unknown_type";

    /// <summary>A required field is missing or empty.</summary>
    public const string MissingField = "missing_field";

    /// <summary>A number outside what a real request can produce (negative, NaN, a latency of days...).</summary>
    public const string AbsurdValue = "absurd_value";

    /// <summary>Older than the dedupe horizon: it could be a replay that can no longer be recognised.</summary>
    public const string Stale = "stale";

    /// <summary>Stamped too far in the future.</summary>
    public const string FutureTimestamp = "future_timestamp";
}
