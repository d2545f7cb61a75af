namespace Telemetry.Aggregator.Ingest;

/// <summary>A dead letter as stored in the list: why, what, who and when.</summary>
internal sealed record DeadLetterRecord(string Reason, string Detail, string Consumer, long AtUnixMs, string Entry);
