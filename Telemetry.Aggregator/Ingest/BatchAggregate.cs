using System.Runtime.InteropServices;
using ServiceDefaults.Events;
using Telemetry.Aggregator.Sketches;
using Telemetry.Aggregator.Storage;
using Telemetry.Aggregator.Windows;

namespace Telemetry.Aggregator.Ingest;

/// <summary>
/// What one batch adds to storage: field sums per bucket hash (10 s and 5 min buckets per series, the coarse series
/// index, the daily cost per series) and example request ids per 10 s bucket (the slowest and the latest failed,
/// for alerts and charts to point at). Events are first summed per label combination and bucket (a handful of groups
/// per batch), then each group is fanned out to its series: the per-event work is one small dictionary update per field.
/// </summary>
internal sealed class BatchAggregate
{
    /// <summary>Example ids kept per bucket and kind.</summary>
    public const int ExamplesPerBucket = 10;

    private BatchAggregate()
    {
    }

    /// <summary>Bucket hash key → (TTL in seconds, field sums), in insertion order.</summary>
    public Dictionary<string, (long Ttl, Dictionary<string, long> Fields)> Targets { get; } = new(StringComparer.Ordinal);

    /// <summary>Example sorted-set key → (TTL in seconds, (score, request id) pairs).</summary>
    public Dictionary<string, (long Ttl, List<(double Score, string Member)> Members)> Examples { get; } = new(StringComparer.Ordinal);

    /// <summary>The requests behind <see cref="Examples"/> (a request may be both slow and failed), for their trace ids.</summary>
    public List<RequestCompleted> ExampleRequests { get; } = [];

    /// <summary>Aggregates <paramref name="events"/> as of <paramref name="nowUnixSeconds"/>.</summary>
    public static BatchAggregate Of(IReadOnlyList<TelemetryEvent> events, LogarithmicMapping mapping, long nowUnixSeconds)
    {
        var result = new BatchAggregate();
        var groups = new Dictionary<(IReadOnlyList<string> Series, long FineStart), (Dictionary<string, long>? Sums, long Requests)>();
        var slowest = new Dictionary<long, List<RequestCompleted>>();
        var failed = new Dictionary<long, List<RequestCompleted>>();
        var increments = new List<KeyValuePair<string, long>>(24);
        foreach (var e in events)
        {
            increments.Clear();
            IReadOnlyList<string> series;
            var fineStart = Resolution.Fine.BucketStart(e.TimestampUnixMs / 1000);
            if (e is RequestCompleted request)
            {
                series = SeriesNames.Of(request);
                EventFields.AppendIncrements(request, mapping, FieldNames.Shared, increments);
                Collect(slowest, fineStart, request);
                if (request.Outcome == "error")
                {
                    Collect(failed, fineStart, request);
                }
            }
            else if (e is FeedbackReceived feedback)
            {
                series = SeriesNames.OfFeedback(feedback.Model);
                increments.AddRange(EventFields.Increments(feedback));
            }
            else
            {
                continue;
            }

            // One hash lookup per group and per field (a reference into the entry), not a read and a write.
            ref var group = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, (series, fineStart), out _);
            group.Sums ??= new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (field, delta) in increments)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(group.Sums, field, out _) += delta;
            }

            group.Requests += e is RequestCompleted ? 1 : 0;
        }

        foreach (var ((series, fineStart), (sums, requests)) in groups)
        {
            result.FanOut(series, fineStart, sums!, requests, nowUnixSeconds);
        }

        result.AddExamples(slowest, "slow", r => r.LatencyMs, nowUnixSeconds);
        result.AddExamples(failed, "error", r => r.TimestampUnixMs, nowUnixSeconds);
        return result;
    }

    private void FanOut(IReadOnlyList<string> series, long fineStart, Dictionary<string, long> sums, long requests, long now)
    {
        foreach (var resolution in Resolution.All)
        {
            // Every fine bucket lies inside exactly one coarse bucket (300 is a multiple of 10).
            var start = resolution.BucketStart(fineStart);
            var ttl = start + resolution.Seconds + (long)resolution.Retention.TotalSeconds - now;
            if (ttl <= 0)
            {
                continue; // Too old for this resolution: no window reads that bucket any more.
            }

            foreach (var name in series)
            {
                Add(Target(resolution.Key(start, name), ttl), sums);
                if (resolution == Resolution.Coarse && requests > 0)
                {
                    var index = Target(SeriesNames.IndexKey(start), ttl);
                    index[name] = index.GetValueOrDefault(name) + requests;
                }
            }
        }

        if (sums.GetValueOrDefault(EventFields.CostNanoUsd) is var cost and > 0)
        {
            var day = DailyCost.DayStart(fineStart);
            var ttl = day + (long)DailyCost.Retention.TotalSeconds - now;
            if (ttl > 0)
            {
                var costs = Target(DailyCost.Key(day), ttl);
                foreach (var name in series)
                {
                    costs[name] = costs.GetValueOrDefault(name) + cost;
                }
            }
        }
    }

    private void AddExamples(Dictionary<long, List<RequestCompleted>> byBucket, string kind, Func<RequestCompleted, double> score, long now)
    {
        foreach (var (fineStart, requests) in byBucket)
        {
            var ttl = fineStart + (long)Resolution.Fine.Retention.TotalSeconds - now;
            if (ttl > 0)
            {
                var top = requests.OrderByDescending(score).Take(ExamplesPerBucket).ToList();
                Examples[ExampleKeys.Key(kind, fineStart)] = (ttl, top.ConvertAll(r => (score(r), r.RequestId)));
                ExampleRequests.AddRange(top);
            }
        }
    }

    private static void Collect(Dictionary<long, List<RequestCompleted>> byBucket, long fineStart, RequestCompleted request)
    {
        if (!byBucket.TryGetValue(fineStart, out var list))
        {
            byBucket[fineStart] = list = [];
        }

        list.Add(request);
    }

    private Dictionary<string, long> Target(string key, long ttl)
    {
        if (!Targets.TryGetValue(key, out var target))
        {
            target = (ttl, new Dictionary<string, long>(StringComparer.Ordinal));
            Targets[key] = target;
        }

        return target.Fields;
    }

    private static void Add(Dictionary<string, long> fields, Dictionary<string, long> sums)
    {
        foreach (var (field, delta) in sums)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(fields, field, out _) += delta;
        }
    }
}
