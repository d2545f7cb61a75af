namespace Telemetry.Aggregator.Ingest;

/// <summary>A queue entry that could not be counted, with why (kept in the dead-letter list as JSON).</summary>
internal sealed record DeadLetter(string Reason, string Detail, string Entry);
