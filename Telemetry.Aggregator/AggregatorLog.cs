namespace Telemetry.Aggregator;

/// <summary>The aggregator's log messages (source-generated).</summary>
internal static partial class AggregatorLog
{
    [LoggerMessage(1, LogLevel.Warning, "Dead-lettered {Count} queue entries (first: {Reason}: {Detail}).")]
    public static partial void DeadLettered(ILogger logger, int count, string reason, string detail);

    [LoggerMessage(2, LogLevel.Warning, "Consumer {ConsumerId} cannot reach the cache; retrying in {DelayMs} ms: {Reason}")]
    public static partial void ConsumerFailed(ILogger logger, string consumerId, double delayMs, string reason);

    [LoggerMessage(3, LogLevel.Information, "Reclaimed {Count} unacknowledged entries from consumer {ConsumerId}, whose lease expired.")]
    public static partial void Reclaimed(ILogger logger, long count, string consumerId);

    [LoggerMessage(4, LogLevel.Information, "Started {Consumers} consumers ({FirstId}...), batch {BatchSize}, lease {Lease}.")]
    public static partial void ConsumersStarted(ILogger logger, int consumers, string firstId, int batchSize, TimeSpan lease);

    [LoggerMessage(5, LogLevel.Warning, "Reading the queue state failed: {Reason}")]
    public static partial void MonitorFailed(ILogger logger, string reason);
}
