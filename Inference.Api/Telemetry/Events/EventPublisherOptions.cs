namespace Inference.Api.Telemetry.Events;

/// <summary>Batching and spooling of telemetry events (section <c>Telemetry:Events</c>).</summary>
public sealed class EventPublisherOptions
{
    /// <summary>Events buffered in memory between the request path and the publisher.</summary>
    public int ChannelCapacity { get; set; } = 65_536;

    /// <summary>Most events sent in one batch.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// Folder of the local JSONL spool used while the cache is unreachable. Instances on one host share it safely:
    /// each writes its own locked <c>slot-N</c> folder in it, and adopts the slots of instances that died.
    /// </summary>
    public string SpoolDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "inference-api-spool");

    /// <summary>Size at which the current spool file is closed and a new one started.</summary>
    public long SpoolFileBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Cap on one instance's spool; beyond it the oldest file is dropped (and counted).</summary>
    public long SpoolMaxBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>First delay before retrying the sink after a failure; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between retries.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}
