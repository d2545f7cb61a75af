using System.Globalization;
using System.Text;
using System.Text.Json;
using ServiceDefaults.Events;
using StackExchange.Redis;
using Telemetry.Aggregator.Sketches;

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
    private readonly long _nowUnixMs;
    private readonly EventValidator _validator;
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private int[] _order = [];

    private BatchPlan(EventValidator validator, AggregatorOptions options, long nowUnixMs)
    {
        _validator = validator;
        _options = options;
        _nowUnixMs = nowUnixMs;
        _nowUnixSeconds = nowUnixMs / 1000;
    }

    /// <summary>Events that will be counted.</summary>
    public IReadOnlyList<TelemetryEvent> Accepted => _accepted;

    /// <summary>Entries that will be dead-lettered.</summary>
    public IReadOnlyList<DeadLetter> DeadLetters => _deadLetters;

    /// <summary>Entries not counted because their id was already applied (earlier, or twice in this batch).</summary>
    public int Duplicates { get; private set; }

    /// <summary>Validates and de-duplicates the claimed entries.</summary>
    public static BatchPlan Create(IEnumerable<ReadOnlyMemory<byte>> entries, EventValidator validator, AggregatorOptions options, long nowUnixMs)
    {
        var plan = Begin(validator, options, nowUnixMs);
        foreach (var entry in entries)
        {
            plan.Add(entry.Span);
        }

        return plan;
    }

    /// <summary>An empty plan that entries are then added to as they are read (<see cref="Add"/>).</summary>
    public static BatchPlan Begin(EventValidator validator, AggregatorOptions options, long nowUnixMs) =>
        new(validator, options, nowUnixMs);

    /// <summary>Validates one claimed entry: accepted, a duplicate of an earlier entry of the batch, or a dead letter.</summary>
    public void Add(ReadOnlySpan<byte> entry)
    {
        var result = _validator.Validate(entry, _nowUnixMs);
        if (result.Event is { } e)
        {
            if (_ids.Add(e.EventId))
            {
                _accepted.Add(e);
            }
            else
            {
                Duplicates++;
            }
        }
        else
        {
            var text = Encoding.UTF8.GetString(entry);
            _deadLetters.Add(new DeadLetter(result.Reason!, result.Detail!, text.Length > MaxDeadLetterEntryChars ? text[..MaxDeadLetterEntryChars] : text));
        }
    }

    /// <summary>Replaces the accepted event at <paramref name="index"/> (a feedback event joined to its request's model).</summary>
    public void Replace(int index, TelemetryEvent e) => _accepted[index] = e;

    /// <summary>Drops the accepted events at <paramref name="positions"/> of the last built id list (reported already seen by the script).</summary>
    public void DropSeen(IReadOnlyCollection<int> positions)
    {
        var drop = new HashSet<int>(positions.Select(p => _order[p]));
        var kept = _accepted.Where((_, i) => !drop.Contains(i)).ToList();
        Duplicates += _accepted.Count - kept.Count;
        _accepted.Clear();
        _accepted.AddRange(kept);
    }

    /// <summary>The requests the last <see cref="BuildApply"/> keeps as examples (the slowest and failed per 10 s bucket).</summary>
    public IReadOnlyList<RequestCompleted> ExampleRequests { get; private set; } = [];

    /// <summary>The KEYS and ARGV of <see cref="QueueScripts.Apply"/> for the current plan.</summary>
    public (RedisKey[] Keys, RedisValue[] Args) BuildApply(RedisKey processingKey, string consumerId, LogarithmicMapping mapping)
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

        var args = new List<RedisValue>(_accepted.Count * 2 + 64) { byHour.Count, _options.DeadLetterCap };
        var seenKeys = new List<RedisKey>(byHour.Count);
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

        var aggregate = BatchAggregate.Of(_accepted, mapping, _nowUnixSeconds);
        ExampleRequests = aggregate.ExampleRequests;
        args.Add(aggregate.Targets.Count);
        foreach (var (_, (ttl, fields)) in aggregate.Targets)
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
            args.Add(JsonSerializer.SerializeToUtf8Bytes(new DeadLetterRecord(dead.Reason, dead.Detail, consumerId, _nowUnixSeconds * 1000, dead.Entry), IngestJsonContext.Default.DeadLetterRecord));
        }

        args.Add(aggregate.Examples.Count);
        foreach (var (_, (ttl, members)) in aggregate.Examples)
        {
            args.Add(ttl);
            args.Add(members.Count);
            foreach (var (score, member) in members)
            {
                args.Add(score);
                args.Add(member);
            }
        }

        var keys = new RedisKey[3 + seenKeys.Count + aggregate.Targets.Count + aggregate.Examples.Count];
        (keys[0], keys[1], keys[2]) = (processingKey, EventQueueKeys.Stats, EventQueueKeys.DeadLetters);
        var k = 3;
        foreach (var key in seenKeys)
        {
            keys[k++] = key;
        }

        foreach (var key in aggregate.Targets.Keys)
        {
            keys[k++] = key;
        }

        foreach (var key in aggregate.Examples.Keys)
        {
            keys[k++] = key;
        }

        return (keys, [.. args]);
    }
}
