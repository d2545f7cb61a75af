using System.Globalization;
using System.Text;
using System.Text.Json;
using ServiceDefaults.Events;
using Telemetry.Aggregator.Sketches;
using Telemetry.Aggregator.Storage;
using Telemetry.Aggregator.Windows;

namespace Telemetry.Aggregator.Ingest;

/// <summary>
/// One claimed batch turned into a single atomic update: the event ids to mark as seen and, summed over the batch,
/// the HINCRBY of every bucket field they touch. Summing first keeps the script short (a few increments per event
/// instead of dozens); the script refuses the whole update if any id was already seen, and the plan is rebuilt
/// without those ids, so the check and the effect stay in one atomic step.
/// </summary>
internal sealed class BatchPlan
{
    private const int MaxDeadLetterEntryChars = 2048;

    private readonly List<TelemetryEvent> _accepted = [];
    private readonly List<DeadLetter> _deadLetters = [];
    private readonly AggregatorOptions _options;
    private readonly long _nowUnixSeconds;
    private int[] _order = [];

    private BatchPlan(AggregatorOptions options, long nowUnixMs)
    {
        _options = options;
        _nowUnixSeconds = nowUnixMs / 1000;
    }

    /// <summary>Events that will be counted.</summary>
    public IReadOnlyList<TelemetryEvent> Accepted => _accepted;

    /// <summary>Entries that will be dead-lettered.</summary>
    public IReadOnlyList<DeadLetter> DeadLetters => _deadLetters;

    /// <summary>Entries not counted because their id was already applied (earlier, or twice in this batch).</summary>
    public int Duplicates { get; private set; }

    /// <summary>Validates and de-duplicates the claimed entries.</summary>
    public static BatchPlan Create(IReadOnlyList<byte[]> entries, EventValidator validator, AggregatorOptions options, long nowUnixMs)
    {
        var plan = new BatchPlan(options, nowUnixMs);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var result = validator.Validate(entry, nowUnixMs);
            if (result.Event is { } e)
            {
                if (ids.Add(e.EventId))
                {
                    plan._accepted.Add(e);
                }
                else
                {
                    plan.Duplicates++;
                }
            }
            else
            {
                var text = Encoding.UTF8.GetString(entry);
                plan._deadLetters.Add(new DeadLetter(result.Reason!, result.Detail!, text.Length > MaxDeadLetterEntryChars ? text[..MaxDeadLetterEntryChars] : text));
            }
        }

        return plan;
    }

    /// <summary>Drops the accepted events at <paramref name="positions"/> of the last built id list (reported already seen by the script).</summary>
    public void DropSeen(IReadOnlyCollection<int> positions)
    {
        var drop = new HashSet<int>(positions.Select(p => _order[p]));
        var kept = _accepted.Where((_, i) => !drop.Contains(i)).ToList();
        Duplicates += _accepted.Count - kept.Count;
        _accepted.Clear();
        _accepted.AddRange(kept);
    }

    /// <summary>The KEYS and ARGV of <see cref="QueueScripts.Apply"/> for the current plan.</summary>
    public (string[] Keys, object[] Args) BuildApply(string processingKey, string consumerId, LogarithmicMapping mapping)
    {
        // Ids grouped by the hour of their event (one seen set per hour), remembering each position's event.
        var byHour = new SortedDictionary<long, List<int>>();
        for (var i = 0; i < _accepted.Count; i++)
        {
            var hour = _accepted[i].TimestampUnixMs / 1000 / 3600 * 3600;
            if (!byHour.TryGetValue(hour, out var members))
            {
                byHour[hour] = members = [];
            }

            members.Add(i);
        }

        var args = new List<object>(_accepted.Count * 2 + 64) { byHour.Count, _options.DeadLetterCap };
        var seenKeys = new List<string>(byHour.Count);
        _order = new int[_accepted.Count];
        var position = 0;
        foreach (var (hour, members) in byHour)
        {
            seenKeys.Add(EventQueueKeys.SeenPrefix + hour.ToString(CultureInfo.InvariantCulture));
            // The set must outlive every event of its hour by the horizon, so a replay inside it is recognised.
            args.Add(Math.Max(60, hour + 3600 + (long)_options.DedupeHorizon.TotalSeconds + 600 - _nowUnixSeconds));
            args.Add(members.Count);
            foreach (var index in members)
            {
                _order[position++] = index;
                args.Add(_accepted[index].EventId);
            }
        }

        var targets = Aggregate(mapping);
        args.Add(targets.Count);
        var targetKeys = new List<string>(targets.Count);
        foreach (var ((resolution, start, series), (ttl, fields)) in targets)
        {
            targetKeys.Add(series is null ? SeriesNames.IndexKey(start) : resolution.Key(start, series));
            args.Add(ttl);
            args.Add(fields.Count);
            foreach (var (field, delta) in fields)
            {
                args.Add(field);
                args.Add(delta);
            }
        }

        var stats = new List<(string, long)> { ("batches", 1), ("applied", _accepted.Count), ("duplicates", Duplicates), ("dead", _deadLetters.Count) };
        stats.AddRange(_deadLetters.GroupBy(d => d.Reason).Select(g => ("dead:" + g.Key, (long)g.Count())));
        args.Add(stats.Count);
        foreach (var (field, delta) in stats)
        {
            args.Add(field);
            args.Add(delta);
        }

        args.Add(_deadLetters.Count);
        foreach (var dead in _deadLetters)
        {
            args.Add(JsonSerializer.Serialize(new DeadLetterRecord(dead.Reason, dead.Detail, consumerId, _nowUnixSeconds * 1000, dead.Entry), IngestJsonContext.Default.DeadLetterRecord));
        }

        string[] keys = [processingKey, EventQueueKeys.Stats, EventQueueKeys.DeadLetters, .. seenKeys, .. targetKeys];
        return (keys, [.. args]);
    }

    /// <summary>
    /// The batch's increments summed per bucket hash (a null series is the coarse bucket's series index). Events are
    /// first summed per label combination and bucket (a handful of groups per batch), then each group is fanned out
    /// to its series: the per-event work is one small dictionary update per field.
    /// </summary>
    private Dictionary<(Resolution, long, string?), (long Ttl, Dictionary<string, long> Fields)> Aggregate(LogarithmicMapping mapping)
    {
        var groups = new Dictionary<(IReadOnlyList<string> Series, long Seconds10), Dictionary<string, long>>();
        var increments = new List<KeyValuePair<string, long>>(16);
        var requests = new Dictionary<(IReadOnlyList<string>, long), long>();
        foreach (var e in _accepted)
        {
            increments.Clear();
            IReadOnlyList<string> series;
            if (e is RequestCompleted request)
            {
                series = SeriesNames.Of(request);
                EventFields.AppendIncrements(request, mapping, FieldNames.Shared, increments);
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

            var key = (series, Resolution.Fine.BucketStart(e.TimestampUnixMs / 1000));
            if (!groups.TryGetValue(key, out var sums))
            {
                groups[key] = sums = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            foreach (var (field, delta) in increments)
            {
                sums[field] = sums.GetValueOrDefault(field) + delta;
            }

            if (e is RequestCompleted)
            {
                requests[key] = requests.GetValueOrDefault(key) + 1;
            }
        }

        var targets = new Dictionary<(Resolution, long, string?), (long Ttl, Dictionary<string, long> Fields)>();
        foreach (var ((series, fineStart), sums) in groups)
        {
            foreach (var resolution in Resolution.All)
            {
                // Every fine bucket lies inside exactly one coarse bucket (300 is a multiple of 10).
                var start = resolution.BucketStart(fineStart);
                var ttl = start + resolution.Seconds + (long)resolution.Retention.TotalSeconds - _nowUnixSeconds;
                if (ttl <= 0)
                {
                    continue; // Too old for this resolution: no window reads that bucket any more.
                }

                foreach (var name in series)
                {
                    var fields = Target(targets, (resolution, start, name), ttl);
                    foreach (var (field, delta) in sums)
                    {
                        fields[field] = fields.GetValueOrDefault(field) + delta;
                    }

                    if (resolution == Resolution.Coarse && requests.GetValueOrDefault((series, fineStart)) is > 0 and var count)
                    {
                        var index = Target(targets, (resolution, start, null), ttl);
                        index[name] = index.GetValueOrDefault(name) + count;
                    }
                }
            }
        }

        return targets;
    }

    private static Dictionary<string, long> Target(Dictionary<(Resolution, long, string?), (long Ttl, Dictionary<string, long> Fields)> targets, (Resolution, long, string?) key, long ttl)
    {
        if (!targets.TryGetValue(key, out var target))
        {
            target = (ttl, new Dictionary<string, long>(StringComparer.Ordinal));
            targets[key] = target;
        }

        return target.Fields;
    }
}
