namespace ServiceDefaults.Events;

/// <summary>
/// Redis key names of the reliable event queue, in one place for producer and consumer. Lists only (no
/// streams), so Garnet serves it as well as Redis.
/// </summary>
public static class EventQueueKeys
{
    /// <summary>Producers LPUSH serialized events here; consumers take from the other end.</summary>
    public const string Pending = "telemetry:events:pending";

    /// <summary>Prefix of each consumer's in-flight list (<c>prefix + consumer id</c>), reclaimed after its lease expires.</summary>
    public const string ProcessingPrefix = "telemetry:events:processing:";

    /// <summary>Prefix of each consumer's lease key, refreshed while it is alive.</summary>
    public const string LeasePrefix = "telemetry:events:lease:";

    /// <summary>Prefix of the dedupe sets of event ids (one per hour of event time, with TTL) that make applying an event idempotent.</summary>
    public const string SeenPrefix = "telemetry:events:seen:";

    /// <summary>
    /// Prefix of the hashes request id → model (one per hour of event time, with the dedupe sets' TTL), written by the
    /// aggregator for every request it applies, so feedback taken by a replica that did not serve the request is
    /// still joined to its model.
    /// </summary>
    public const string RequestsPrefix = "telemetry:events:requests:";

    /// <summary>
    /// Prefix of the hashes request id → W3C trace id beside <see cref="RequestsPrefix"/> (same hours, same TTL), for
    /// the traced requests the aggregator keeps as examples, so its overview links an example request to its trace.
    /// </summary>
    public const string RequestTracesPrefix = "telemetry:events:request-traces:";

    /// <summary>Set of consumer ids that may hold a processing list (scanned for expired leases).</summary>
    public const string Consumers = "telemetry:events:consumers";

    /// <summary>Newest dead letters (JSON with the reason and the raw entry), capped.</summary>
    public const string DeadLetters = "telemetry:events:dead";

    /// <summary>Hash of ingest counters shared by all consumers: applied, duplicates, dead, dead:{reason}, batches.</summary>
    public const string Stats = "telemetry:events:stats";
}
