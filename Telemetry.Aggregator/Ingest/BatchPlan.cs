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
/// instead of dozens); the script refuses the whole update if any id was already seen, and the batch is then planned
/// again from its processing list without those ids (<see cref="Begin"/>'s <c>seen</c>), so the check and the
/// effect stay in one atomic step. Request events are summed as they are added; only their event ids are kept.
/// </summary>
internal sealed class BatchPlan
{
    private const int MaxDeadLetterEntryChars = 2048;
    private const long HourSeconds = 3600;

    private readonly List<AcceptedEvent> _accepted = [];
    private List<IndexedRequest> _unindexed = [];
    private readonly List<FeedbackReceived> _feedback = [];
    private readonly List<DeadLetter> _deadLetters = [];
    private readonly AggregatorOptions _options;
    private readonly long _nowUnixSeconds;
    private readonly EventValidator _validator;
    private readonly HashSet<string> _ids;
    private readonly HashSet<string> _seen;
    private readonly BatchAggregate _aggregate;
    private string[] _order = [];

    private BatchPlan(EventValidator validator, AggregatorOptions options, long nowUnixMs, LogarithmicMapping mapping, IEnumerable<string> seen)
    {
        _validator = validator;
        _options = options;
        NowUnixMs = nowUnixMs;
        _nowUnixSeconds = nowUnixMs / 1000;
        _aggregate = new BatchAggregate(mapping);
        _seen = new HashSet<string>(seen, StringComparer.Ordinal);
        _ids = new HashSet<string>(_seen, StringComparer.Ordinal);
    }

    /// <summary>The time the batch is judged at (staleness, TTLs); a batch planned again keeps it.</summary>
    public long NowUnixMs { get; }

    /// <summary>Events that will be counted.</summary>
    public int AcceptedCount => _accepted.Count;

    /// <summary>The accepted feedback events (their model is joined before <see cref="BuildApply"/>).</summary>
    public IReadOnlyList<FeedbackReceived> Feedback => _feedback;

    /// <summary>Entries that will be dead-lettered.</summary>
    public IReadOnlyList<DeadLetter> DeadLetters => _deadLetters;

    /// <summary>Entries not counted because their id was already applied (earlier, or twice in this batch).</summary>
    public int Duplicates { get; private set; }

    /// <summary>Ids the apply script reported as already seen, with those of the plans before this one.</summary>
    public IReadOnlySet<string> Seen => _seen;

    /// <summary>Validates and de-duplicates the claimed entries.</summary>
    public static BatchPlan Create(IEnumerable<ReadOnlyMemory<byte>> entries, EventValidator validator, AggregatorOptions options, long nowUnixMs)
    {
        var plan = Begin(validator, options, nowUnixMs, LogarithmicMapping.Default);
        foreach (var entry in entries)
        {
            plan.Add(entry.Span);
        }

        return plan;
    }

    /// <summary>
    /// An empty plan that entries are then added to as they are read (<see cref="Add"/>); events whose id is in
    /// <paramref name="seen"/> (applied before, as the apply script reported) count as duplicates.
    /// </summary>
    public static BatchPlan Begin(EventValidator validator, AggregatorOptions options, long nowUnixMs, LogarithmicMapping mapping, IEnumerable<string>? seen = null) =>
        new(validator, options, nowUnixMs, mapping, seen ?? []);

    /// <summary>Validates one claimed entry: accepted, a duplicate (of an earlier entry or a seen id), or a dead letter.</summary>
    public void Add(ReadOnlySpan<byte> entry)
    {
        var result = _validator.Validate(entry, NowUnixMs);
        if (result.Event is not { } e)
        {
            var text = Encoding.UTF8.GetString(entry);
            _deadLetters.Add(new DeadLetter(result.Reason!, result.Detail!, text.Length > MaxDeadLetterEntryChars ? text[..MaxDeadLetterEntryChars] : text));
            return;
        }

        if (!_ids.Add(e.EventId))
        {
            Duplicates++;
            return;
        }

        var hour = e.TimestampUnixMs / 1000 / HourSeconds * HourSeconds;
        _accepted.Add(new AcceptedEvent(e.EventId, hour));
        if (e is RequestCompleted request)
        {
            _unindexed.Add(new IndexedRequest(hour, request.RequestId, request.Model));
            _aggregate.Add(request);
        }
        else if (e is FeedbackReceived feedback)
        {
            _feedback.Add(feedback); // Summed once its model is joined (BuildApply).
        }
    }

    /// <summary>
    /// The accepted requests added since the last call, for the request index: written as each chunk of the batch is
    /// read, so their ids are garbage long before the batch's apply returns.
    /// </summary>
    public List<IndexedRequest> TakeUnindexed()
    {
        var taken = _unindexed;
        _unindexed = [];
        return taken;
    }

    /// <summary>Replaces the feedback event at <paramref name="index"/> of <see cref="Feedback"/> (joined to its request's model).</summary>
    public void ReplaceFeedback(int index, FeedbackReceived e) => _feedback[index] = e;

    /// <summary>Adds the ids at <paramref name="positions"/> of the built id list (reported already seen by the script) to <see cref="Seen"/>.</summary>
    public void MarkSeen(IEnumerable<int> positions)
    {
        foreach (var position in positions)
        {
            _seen.Add(_order[position]);
        }
    }

    /// <summary>The requests the last <see cref="BuildApply"/> keeps as examples (the slowest and failed per 10 s bucket).</summary>
    public IReadOnlyList<RequestCompleted> ExampleRequests => _aggregate.ExampleRequests;

    /// <summary>The KEYS and ARGV of <see cref="QueueScripts.Apply"/> for the plan; once per plan.</summary>
    public (RedisKey[] Keys, RedisValue[] Args) BuildApply(RedisKey processingKey, string consumerId)
    {
        // Ids grouped by the hour of their event (one seen set per hour), remembering each position's id.
        var byHour = new SortedDictionary<long, List<string>>();
        foreach (var accepted in _accepted)
        {
            if (!byHour.TryGetValue(accepted.Hour, out var members))
            {
                byHour[accepted.Hour] = members = [];
            }

            members.Add(accepted.EventId);
        }

        var args = new List<RedisValue>(_accepted.Count * 2 + 64) { byHour.Count, _options.DeadLetterCap };
        var seenKeys = new List<RedisKey>(byHour.Count);
        _order = new string[_accepted.Count];
        var position = 0;
        foreach (var (hour, members) in byHour)
        {
            seenKeys.Add(EventQueueKeys.SeenPrefix + hour.ToString(CultureInfo.InvariantCulture));
            // The set must outlive every event of its hour by the horizon, so a replay inside it is recognised.
            args.Add(Math.Max(60, hour + HourSeconds + (long)_options.DedupeHorizon.TotalSeconds + 600 - _nowUnixSeconds));
            args.Add(members.Count);
            foreach (var eventId in members)
            {
                _order[position++] = eventId;
                args.Add(eventId);
            }
        }

        foreach (var feedback in _feedback)
        {
            _aggregate.Add(feedback);
        }

        _aggregate.Complete(_nowUnixSeconds);
        args.Add(_aggregate.Targets.Count);
        foreach (var (_, (ttl, fields)) in _aggregate.Targets)
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

        args.Add(_aggregate.Examples.Count);
        foreach (var (_, (ttl, members)) in _aggregate.Examples)
        {
            args.Add(ttl);
            args.Add(members.Count);
            foreach (var (score, member) in members)
            {
                args.Add(score);
                args.Add(member);
            }
        }

        var keys = new RedisKey[3 + seenKeys.Count + _aggregate.Targets.Count + _aggregate.Examples.Count];
        (keys[0], keys[1], keys[2]) = (processingKey, EventQueueKeys.Stats, EventQueueKeys.DeadLetters);
        var k = 3;
        foreach (var key in seenKeys)
        {
            keys[k++] = key;
        }

        foreach (var key in _aggregate.Targets.Keys)
        {
            keys[k++] = key;
        }

        foreach (var key in _aggregate.Examples.Keys)
        {
            keys[k++] = key;
        }

        return (keys, [.. args]);
    }

    // What a plan keeps of an accepted event: its id and the start of its hour (Unix seconds; the seen set it goes in).
    private readonly record struct AcceptedEvent(string EventId, long Hour);
}

/// <summary>A request for the request index: the start of its hour (Unix seconds), its id and its model.</summary>
internal readonly record struct IndexedRequest(long Hour, string RequestId, string Model);
