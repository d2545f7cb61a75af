using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using ServiceDefaults.Events;
using StackExchange.Redis;

namespace Telemetry.Aggregator.Ingest;

/// <summary>
/// Joins feedback to its request's model when the replica that took the feedback had not served the request (it marks
/// the event unknown): from the request index (<see cref="EventQueueKeys.RequestsPrefix"/>, one hash per hour), which
/// consumers write as they read their batches, read in one pipelined round for the whole batch.
/// Feedback on an id no replica served stays unknown. Beside it, the trace id of each traced example request
/// (<see cref="EventQueueKeys.RequestTracesPrefix"/>), which the overview reads to link example requests to traces.
/// </summary>
internal static class FeedbackJoin
{
    private const long HourSeconds = 3600;

    /// <summary>The characters of a W3C trace id (lowercase hex).</summary>
    private static readonly SearchValues<char> s_hex = SearchValues.Create("0123456789abcdef");

    /// <summary>
    /// Records request id → model for <paramref name="requests"/>, one HSET and one EXPIRE per hour of event time (the
    /// dedupe sets' TTL). Plain pipelined calls beside the apply script rather than inside it: Lua would turn every id
    /// into a Lua string and back (measured +2.5 µs of redis-server CPU per event). Writing an entry twice (a retried
    /// or reclaimed batch) or before its batch is applied changes nothing a reader can tell (the same id, the same
    /// model), so it needs no place in the script's atomic step.
    /// </summary>
    public static Task IndexAsync(IReadOnlyList<IndexedRequest> requests, IDatabase cache, AggregatorOptions options, long nowUnixSeconds)
    {
        var byHour = new Dictionary<long, List<HashEntry>>();
        foreach (var request in requests)
        {
            Add(byHour, request.Hour, request.RequestId, request.Model);
        }

        return WriteAsync(byHour, Key, cache, options, nowUnixSeconds);
    }

    /// <summary>
    /// Records request id → trace id for the batch's example requests that were traced, with the same hours and TTL.
    /// Only examples: only they are ever linked, and every request's would cost 2 µs of redis-server CPU and 2.6 µs of
    /// the aggregator's per event (measured, bench/results/2026-12-06-example-traces.md).
    /// </summary>
    public static Task IndexTracesAsync(IReadOnlyList<RequestCompleted> examples, IDatabase cache, AggregatorOptions options, long nowUnixSeconds)
    {
        var byHour = new Dictionary<long, List<HashEntry>>();
        foreach (var request in examples)
        {
            if (IsTraceId(request.TraceId))
            {
                Add(byHour, request.TimestampUnixMs / 1000 / HourSeconds * HourSeconds, request.RequestId, request.TraceId);
            }
        }

        return WriteAsync(byHour, TracesKey, cache, options, nowUnixSeconds);
    }

    private static void Add(Dictionary<long, List<HashEntry>> byHour, long hour, string requestId, string value)
    {
        if (!byHour.TryGetValue(hour, out var entries))
        {
            byHour[hour] = entries = [];
        }

        entries.Add(new HashEntry(requestId, value));
    }

    private static Task WriteAsync(Dictionary<long, List<HashEntry>> byHour, Func<long, RedisKey> key, IDatabase cache, AggregatorOptions options, long nowUnixSeconds)
    {
        var writes = new List<Task>(byHour.Count * 2);
        foreach (var (hour, entries) in byHour)
        {
            var ttl = Math.Max(60, hour + HourSeconds + (long)options.DedupeHorizon.TotalSeconds + 600 - nowUnixSeconds);
            writes.Add(cache.HashSetAsync(key(hour), [.. entries]));
            writes.Add(cache.KeyExpireAsync(key(hour), TimeSpan.FromSeconds(ttl)));
        }

        return Task.WhenAll(writes);
    }

    /// <summary>
    /// The trace ids the index still holds for <paramref name="requestIds"/> (ids without one are absent): one HMGET
    /// per hour whose hash may still live, all in one pipelined round, the newest hour first.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> TraceIdsAsync(
        IReadOnlyCollection<string> requestIds, IDatabase cache, AggregatorOptions options, long nowUnixSeconds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        if (requestIds.Count == 0)
        {
            return found;
        }

        // From the hour an event ahead by the allowed clock skew falls in, back to the oldest hash its TTL keeps.
        var newest = (nowUnixSeconds + (long)options.MaxClockSkew.TotalSeconds) / HourSeconds * HourSeconds;
        var oldest = (nowUnixSeconds - HourSeconds - (long)options.DedupeHorizon.TotalSeconds - 600) / HourSeconds * HourSeconds;
        var fields = requestIds.Select(id => (RedisValue)id).ToArray();
        var reads = new List<Task<RedisValue[]>>();
        for (var hour = newest; hour >= oldest; hour -= HourSeconds)
        {
            reads.Add(cache.HashGetAsync(TracesKey(hour), fields));
        }

        await Task.WhenAll(reads).WaitAsync(cancellationToken);
        foreach (var read in reads)
        {
            for (var i = 0; i < fields.Length; i++)
            {
                if (!read.Result[i].IsNull)
                {
                    found.TryAdd(fields[i].ToString(), read.Result[i].ToString());
                }
            }
        }

        return found;
    }

    /// <summary>The request-index hash of the hour starting at <paramref name="hourStart"/> (Unix seconds).</summary>
    public static RedisKey Key(long hourStart) => EventQueueKeys.RequestsPrefix + hourStart.ToString(CultureInfo.InvariantCulture);

    /// <summary>The request id → trace id hash of the hour starting at <paramref name="hourStart"/> (Unix seconds).</summary>
    public static RedisKey TracesKey(long hourStart) => EventQueueKeys.RequestTracesPrefix + hourStart.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A W3C trace id (32 lowercase hex digits, not all zero); the event's field is not validated otherwise, and only
    /// such an id names a trace the dashboard can show.
    /// </summary>
    private static bool IsTraceId([NotNullWhen(true)] string? traceId) =>
        traceId is { Length: 32 } && !traceId.AsSpan().ContainsAnyExcept(s_hex) && traceId.AsSpan().ContainsAnyExcept('0');

    /// <summary>
    /// Fills in the model of every accepted feedback event of <paramref name="plan"/> that arrived without one. Called
    /// after the batch's own requests were sent to the index on the same connection (<see cref="IndexAsync"/>): the
    /// cache runs one connection's commands in order, so a request of the same batch is found too.
    /// </summary>
    public static async Task ResolveAsync(BatchPlan plan, IDatabase cache, AggregatorOptions options, CancellationToken cancellationToken)
    {
        List<int>? unresolved = null;
        for (var i = 0; i < plan.Feedback.Count; i++)
        {
            if (plan.Feedback[i].Model is null)
            {
                (unresolved ??= []).Add(i);
            }
        }

        if (unresolved is null)
        {
            return;
        }

        // A request is at most the dedupe horizon older than its feedback; look in each hour from the feedback's back,
        // and in the next hour (the two events come from two replicas' clocks).
        var hours = (long)Math.Ceiling(options.DedupeHorizon.TotalSeconds / HourSeconds) + 1;
        var lookups = new List<(int Index, Task<RedisValue>[] Reads)>();
        foreach (var index in unresolved)
        {
            var feedback = plan.Feedback[index];
            var hour = feedback.TimestampUnixMs / 1000 / HourSeconds * HourSeconds;
            var reads = new Task<RedisValue>[hours + 1];
            for (var h = 0; h < reads.Length; h++)
            {
                reads[h] = cache.HashGetAsync(Key(hour + HourSeconds - h * HourSeconds), feedback.RequestId);
            }

            lookups.Add((index, reads));
        }

        await Task.WhenAll(lookups.SelectMany(l => l.Reads)).WaitAsync(cancellationToken);
        foreach (var (index, reads) in lookups)
        {
            if (reads.Select(r => r.Result).FirstOrDefault(r => !r.IsNull) is { IsNull: false } model)
            {
                plan.ReplaceFeedback(index, Joined(plan.Feedback[index], model.ToString()));
            }
        }
    }

    private static FeedbackReceived Joined(FeedbackReceived feedback, string model) => feedback with { Model = model, UnknownRequest = false };
}
