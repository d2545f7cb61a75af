using System.Globalization;
using ServiceDefaults.Events;
using StackExchange.Redis;

namespace Telemetry.Aggregator.Ingest;

/// <summary>
/// Joins feedback to its request's model when the replica that took the feedback had not served the request (it marks
/// the event unknown): from the requests of the same batch, else from the request index the apply script keeps
/// (<see cref="EventQueueKeys.RequestsPrefix"/>, one hash per hour), read in one pipelined round for the whole batch.
/// Feedback on an id no replica served stays unknown.
/// </summary>
internal static class FeedbackJoin
{
    /// <summary>
    /// Records request id → model for the batch's requests, one HSET and one EXPIRE per hour of event time (the dedupe
    /// sets' TTL). Plain pipelined calls beside the apply script rather than inside it: Lua would turn every id into a
    /// Lua string and back (measured +2.5 µs of redis-server CPU per event). Writing an entry twice (a retried or
    /// reclaimed batch) changes nothing, so it needs no place in the script's atomic step.
    /// </summary>
    public static Task IndexAsync(BatchPlan plan, IDatabase cache, AggregatorOptions options, long nowUnixSeconds)
    {
        var byHour = new Dictionary<long, List<HashEntry>>();
        foreach (var e in plan.Accepted)
        {
            if (e is RequestCompleted request)
            {
                var hour = request.TimestampUnixMs / 1000 / HourSeconds * HourSeconds;
                if (!byHour.TryGetValue(hour, out var entries))
                {
                    byHour[hour] = entries = [];
                }

                entries.Add(new HashEntry(request.RequestId, request.Model));
            }
        }

        var writes = new List<Task>(byHour.Count * 2);
        foreach (var (hour, entries) in byHour)
        {
            var ttl = Math.Max(60, hour + HourSeconds + (long)options.DedupeHorizon.TotalSeconds + 600 - nowUnixSeconds);
            writes.Add(cache.HashSetAsync(Key(hour), [.. entries]));
            writes.Add(cache.KeyExpireAsync(Key(hour), TimeSpan.FromSeconds(ttl)));
        }

        return Task.WhenAll(writes);
    }

    private const long HourSeconds = 3600;

    /// <summary>The request-index hash of the hour starting at <paramref name="hourStart"/> (Unix seconds).</summary>
    public static RedisKey Key(long hourStart) => EventQueueKeys.RequestsPrefix + hourStart.ToString(CultureInfo.InvariantCulture);

    /// <summary>Fills in the model of every accepted feedback event of <paramref name="plan"/> that arrived without one.</summary>
    public static async Task ResolveAsync(BatchPlan plan, IDatabase cache, AggregatorOptions options, CancellationToken cancellationToken)
    {
        List<int>? unresolved = null;
        for (var i = 0; i < plan.Accepted.Count; i++)
        {
            if (plan.Accepted[i] is FeedbackReceived { Model: null })
            {
                (unresolved ??= []).Add(i);
            }
        }

        if (unresolved is null)
        {
            return;
        }

        var inBatch = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in plan.Accepted)
        {
            if (e is RequestCompleted request)
            {
                inBatch[request.RequestId] = request.Model;
            }
        }

        // A request is at most the dedupe horizon older than its feedback; look in each hour from the feedback's back.
        var hours = (long)Math.Ceiling(options.DedupeHorizon.TotalSeconds / HourSeconds);
        var lookups = new List<(int Index, Task<RedisValue>[] Reads)>();
        foreach (var index in unresolved)
        {
            var feedback = (FeedbackReceived)plan.Accepted[index];
            if (inBatch.TryGetValue(feedback.RequestId, out var model))
            {
                plan.Replace(index, Joined(feedback, model));
                continue;
            }

            var hour = feedback.TimestampUnixMs / 1000 / HourSeconds * HourSeconds;
            var reads = new Task<RedisValue>[hours + 1];
            for (var h = 0; h < reads.Length; h++)
            {
                reads[h] = cache.HashGetAsync(Key(hour - h * HourSeconds), feedback.RequestId);
            }

            lookups.Add((index, reads));
        }

        await Task.WhenAll(lookups.SelectMany(l => l.Reads)).WaitAsync(cancellationToken);
        foreach (var (index, reads) in lookups)
        {
            if (reads.Select(r => r.Result).FirstOrDefault(r => !r.IsNull) is { IsNull: false } model)
            {
                plan.Replace(index, Joined((FeedbackReceived)plan.Accepted[index], model.ToString()));
            }
        }
    }

    private static FeedbackReceived Joined(FeedbackReceived feedback, string model) => feedback with { Model = model, UnknownRequest = false };
}
