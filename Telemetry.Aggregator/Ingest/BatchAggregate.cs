using System.Runtime.InteropServices;
using ServiceDefaults.Events;
using Telemetry.Aggregator.Sketches;
using Telemetry.Aggregator.Storage;
using Telemetry.Aggregator.Windows;

namespace Telemetry.Aggregator.Ingest;

/// <summary>
/// What one batch adds to storage: field sums per bucket hash (10 s and 5 min buckets per series, the coarse series
/// index, the daily cost per series) and example request ids per 10 s bucket (the slowest and the latest failed,
/// for alerts and charts to point at). Events are summed as they are added, per label combination and bucket (a
/// handful of groups per batch); <see cref="Complete"/> then fans each group out to its series. An added event is not
/// kept (only the few that are examples so far), so a batch's parsed events die young instead of living, and being
/// copied by every collection, until its apply script returns.
/// </summary>
internal sealed class BatchAggregate(LogarithmicMapping mapping)
{
    /// <summary>Example ids kept per bucket and kind.</summary>
    public const int ExamplesPerBucket = 10;

    private readonly Dictionary<(string[] Series, long FineStart), (Dictionary<string, long>? Sums, long Requests)> _groups = [];
    private readonly Dictionary<long, PriorityQueue<RequestCompleted, double>> _slowest = [];
    private readonly Dictionary<long, PriorityQueue<RequestCompleted, double>> _failed = [];
    private readonly List<KeyValuePair<string, long>> _increments = new(24);
    private bool _completed;

    /// <summary>Bucket hash key → (TTL in seconds, field sums), in insertion order (after <see cref="Complete"/>).</summary>
    public Dictionary<string, (long Ttl, Dictionary<string, long> Fields)> Targets { get; } = new(StringComparer.Ordinal);

    /// <summary>Example sorted-set key → (TTL in seconds, (score, request id) pairs) (after <see cref="Complete"/>).</summary>
    public Dictionary<string, (long Ttl, List<(double Score, string Member)> Members)> Examples { get; } = new(StringComparer.Ordinal);

    /// <summary>The requests behind <see cref="Examples"/> (a request may be both slow and failed), for their trace ids.</summary>
    public List<RequestCompleted> ExampleRequests { get; } = [];

    /// <summary>Adds one request event.</summary>
    public void Add(RequestCompleted request)
    {
        _increments.Clear();
        var fineStart = Resolution.Fine.BucketStart(request.TimestampUnixMs / 1000);
        EventFields.AppendIncrements(request, mapping, FieldNames.Shared, _increments);
        Sum(SeriesNames.Of(request), fineStart, requests: 1);
        Keep(_slowest, fineStart, request, request.LatencyMs);
        if (request.Outcome == "error")
        {
            Keep(_failed, fineStart, request, request.TimestampUnixMs);
        }
    }

    /// <summary>Adds one feedback event (once its model is joined, if it can be).</summary>
    public void Add(FeedbackReceived feedback)
    {
        _increments.Clear();
        _increments.AddRange(EventFields.Increments(feedback));
        Sum(SeriesNames.OfFeedback(feedback.Model), Resolution.Fine.BucketStart(feedback.TimestampUnixMs / 1000), requests: 0);
    }

    /// <summary>Fans the sums out to their bucket hashes and picks the examples, as of <paramref name="nowUnixSeconds"/>; once.</summary>
    public void Complete(long nowUnixSeconds)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The aggregate is already complete.");
        }

        _completed = true;
        foreach (var ((series, fineStart), (sums, requests)) in _groups)
        {
            FanOut(series, fineStart, sums!, requests, nowUnixSeconds);
        }

        AddExamples(_slowest, "slow", nowUnixSeconds);
        AddExamples(_failed, "error", nowUnixSeconds);
    }

    // One hash lookup per group and per field (a reference into the entry), not a read and a write.
    private void Sum(string[] series, long fineStart, long requests)
    {
        ref var group = ref CollectionsMarshal.GetValueRefOrAddDefault(_groups, (series, fineStart), out _);
        group.Sums ??= new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (field, delta) in _increments)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(group.Sums, field, out _) += delta;
        }

        group.Requests += requests;
    }

    private void FanOut(string[] series, long fineStart, Dictionary<string, long> sums, long requests, long now)
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

    private void AddExamples(Dictionary<long, PriorityQueue<RequestCompleted, double>> byBucket, string kind, long now)
    {
        foreach (var (fineStart, kept) in byBucket)
        {
            var ttl = fineStart + (long)Resolution.Fine.Retention.TotalSeconds - now;
            if (ttl > 0)
            {
                var top = kept.UnorderedItems.OrderByDescending(i => i.Priority).ToList();
                Examples[ExampleKeys.Key(kind, fineStart)] = (ttl, top.ConvertAll(i => (i.Priority, i.Element.RequestId)));
                ExampleRequests.AddRange(top.Select(i => i.Element));
            }
        }
    }

    // The highest scores of a bucket so far (a min-heap of 10: a new event displaces the lowest; on a tie the
    // earlier event stays).
    private static void Keep(Dictionary<long, PriorityQueue<RequestCompleted, double>> byBucket, long fineStart, RequestCompleted request, double score)
    {
        ref var kept = ref CollectionsMarshal.GetValueRefOrAddDefault(byBucket, fineStart, out _);
        kept ??= new PriorityQueue<RequestCompleted, double>(ExamplesPerBucket);
        if (kept.Count < ExamplesPerBucket)
        {
            kept.Enqueue(request, score);
        }
        else if (kept.TryPeek(out _, out var lowest) && score > lowest)
        {
            kept.DequeueEnqueue(request, score);
        }
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
