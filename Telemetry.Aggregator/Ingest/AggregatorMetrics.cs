using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Telemetry.Aggregator.Ingest;

/// <summary>The aggregator's own instruments (meter <c>Telemetry.Aggregator</c>, exported at <c>/metrics</c>).</summary>
internal sealed class AggregatorMetrics : IDisposable
{
    /// <summary>The meter name registered with OpenTelemetry by ServiceDefaults.</summary>
    public const string MeterName = "Telemetry.Aggregator";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _events;
    private readonly Counter<long> _batches;
    private readonly Counter<long> _reclaimed;
    private readonly Histogram<double> _batchDuration;

    public AggregatorMetrics()
    {
        _events = _meter.CreateCounter<long>("telemetry.aggregator.events", "{event}", "Queue entries handled by this instance, by result (applied, duplicate, dead_letter) and dead-letter reason.");
        _batches = _meter.CreateCounter<long>("telemetry.aggregator.batches", "{batch}", "Batches applied by this instance.");
        _reclaimed = _meter.CreateCounter<long>("telemetry.aggregator.reclaimed", "{event}", "Entries moved back to the queue from consumers whose lease expired.");
        _batchDuration = _meter.CreateHistogram<double>("telemetry.aggregator.batch.duration", "s", "Time to claim, plan and apply one batch.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
    }

    /// <summary>The meter, for the observable instruments other parts add.</summary>
    public Meter Meter => _meter;

    /// <summary>Records one applied batch.</summary>
    public void BatchApplied(BatchPlan plan, TimeSpan elapsed)
    {
        _batches.Add(1);
        _batchDuration.Record(elapsed.TotalSeconds);
        Add(plan.AcceptedCount, "applied", null);
        Add(plan.Duplicates, "duplicate", null);
        foreach (var dead in plan.DeadLetters)
        {
            Add(1, "dead_letter", dead.Reason);
        }
    }

    /// <summary>Records entries given back to the queue by a reclaim.</summary>
    public void Reclaimed(long count) => _reclaimed.Add(count);

    public void Dispose() => _meter.Dispose();

    private void Add(long count, string result, string? reason)
    {
        if (count == 0)
        {
            return;
        }

        var tags = new TagList { { "result", result } };
        if (reason is not null)
        {
            tags.Add("reason", reason);
        }

        _events.Add(count, tags);
    }
}
