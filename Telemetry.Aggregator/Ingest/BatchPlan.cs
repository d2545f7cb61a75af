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

    /// <summary>Drops the accepted events at <paramref name="indices"/> (reported already seen by the script).</summary>
    public void DropSeen(IReadOnlyCollection<int> indices)
    {
        var drop = new HashSet<int>(indices);
        var kept = _accepted.Where((_, i) => !drop.Contains(i)).ToList();
        Duplicates += _accepted.Count - kept.Count;
        _accepted.Clear();
        _accepted.AddRange(kept);
    }

    /// <summary>The KEYS and ARGV of <see cref="QueueScripts.Apply"/> for the current plan.</summary>
    public (string[] Keys, object[] Args) BuildApply(string processingKey, string consumerId, LogarithmicMapping mapping)
    {
        var seenKeys = new List<string>();
        var seenIndex = new Dictionary<long, int>();
        var targets = new Dictionary<string, (long Ttl, Dictionary<string, long> Fields)>(StringComparer.Ordinal);
        var args = new List<object> { 0, _options.DeadLetterCap };
        var ids = new List<object>(_accepted.Count * 2 + 1) { _accepted.Count };
        foreach (var e in _accepted)
        {
            var hour = Math.DivRem(e.TimestampUnixMs / 1000, 3600).Quotient * 3600;
            if (!seenIndex.TryGetValue(hour, out var index))
            {
                index = seenKeys.Count + 1;
                seenIndex[hour] = index;
                seenKeys.Add(EventQueueKeys.SeenPrefix + hour.ToString(CultureInfo.InvariantCulture));
                // The set must outlive every event of its hour by the horizon, so a replay inside it is recognised.
                args.Add(Math.Max(60, hour + 3600 + (long)_options.DedupeHorizon.TotalSeconds + 600 - _nowUnixSeconds));
            }

            ids.Add(index);
            ids.Add(e.EventId);
            AddIncrements(targets, e, mapping);
        }

        args[0] = seenKeys.Count;
        args.AddRange(ids);
        args.Add(targets.Count);
        foreach (var (_, (ttl, fields)) in targets)
        {
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

        string[] keys = [processingKey, EventQueueKeys.Stats, EventQueueKeys.DeadLetters, .. seenKeys, .. targets.Keys];
        return (keys, [.. args]);
    }

    private void AddIncrements(Dictionary<string, (long Ttl, Dictionary<string, long> Fields)> targets, TelemetryEvent e, LogarithmicMapping mapping)
    {
        var seconds = e.TimestampUnixMs / 1000;
        var (series, increments) = e switch
        {
            RequestCompleted request => (EventFields.Dimensions(request), EventFields.Increments(request, mapping)),
            FeedbackReceived feedback => ((IEnumerable<string>)[SeriesNames.All], EventFields.Increments(feedback)),
            _ => ([], []),
        };
        foreach (var resolution in Resolution.All)
        {
            var start = resolution.BucketStart(seconds);
            var ttl = start + resolution.Seconds + (long)resolution.Retention.TotalSeconds - _nowUnixSeconds;
            if (ttl <= 0)
            {
                continue; // Too old for this resolution: no window reads that bucket any more.
            }

            foreach (var name in series)
            {
                Add(targets, resolution.Key(start, name), ttl, increments);
            }

            if (resolution == Resolution.Coarse && e is RequestCompleted)
            {
                foreach (var name in series)
                {
                    Add(targets, SeriesNames.IndexKey(start), ttl, [new(name, 1)]);
                }
            }
        }
    }

    private static void Add(Dictionary<string, (long Ttl, Dictionary<string, long> Fields)> targets, string key, long ttl, List<KeyValuePair<string, long>> increments)
    {
        if (!targets.TryGetValue(key, out var target))
        {
            target = (ttl, new Dictionary<string, long>(StringComparer.Ordinal));
            targets[key] = target;
        }

        foreach (var (field, delta) in increments)
        {
            target.Fields[field] = target.Fields.GetValueOrDefault(field) + delta;
        }
    }
}
