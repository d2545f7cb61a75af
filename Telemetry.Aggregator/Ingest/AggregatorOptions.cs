using System.ComponentModel.DataAnnotations;

namespace Telemetry.Aggregator.Ingest;

/// <summary>Consumer settings (configuration section <c>Aggregator</c>), validated on start.</summary>
public sealed class AggregatorOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Aggregator";

    /// <summary>
    /// Most events claimed per batch: one Lua call claims them, one applies and acknowledges them. Large batches
    /// amortise the per-bucket increments (their count depends on the distinct sketch buckets touched, not on the
    /// number of events); at low load batches are small anyway, since a claim takes only what is waiting.
    /// </summary>
    [Range(1, 50_000)]
    public int BatchSize { get; set; } = 10_000;

    /// <summary>Consumer loops in this instance (each with its own processing list and lease).</summary>
    [Range(1, 16)]
    public int Consumers { get; set; } = 2;

    /// <summary>How long a claimed batch stays with a consumer that stops renewing its lease before another reclaims it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "01:00:00")]
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause of an idle consumer before it looks at the queue again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long event ids are remembered. Events older than this are dead-lettered as <c>stale</c>: a replay inside the
    /// horizon is recognised, one beyond it is refused, so nothing is ever counted twice.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan DedupeHorizon { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Events stamped further than this in the future are dead-lettered (a producer's clock is wrong).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Dead letters kept (the newest); their counts by reason are kept in full.</summary>
    [Range(1, 1_000_000)]
    public int DeadLetterCap { get; set; } = 10_000;

    /// <summary>How often the rolling-window gauges at <c>/metrics</c> are recomputed from the shared buckets.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan GaugeRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Consumer lag (age of the oldest pending event) above which health reports Degraded.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxHealthyLag { get; set; } = TimeSpan.FromSeconds(60);
}
