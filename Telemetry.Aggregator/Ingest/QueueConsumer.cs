using System.Diagnostics;
using ServiceDefaults.Events;
using StackExchange.Redis;
using Telemetry.Aggregator.Sketches;

namespace Telemetry.Aggregator.Ingest;

/// <summary>
/// One consumer of the reliable queue: claim a batch onto its own processing list (renewing its lease), validate and
/// plan it, apply and acknowledge it in one script. A crash at any point leaves either nothing applied (the batch
/// is reclaimed and applied by someone else) or everything applied with the ids marked seen (the reclaimed batch
/// is then recognised as duplicates): counts stay exact either way.
/// </summary>
internal sealed class QueueConsumer(
    IDatabase cache, AggregatorOptions options, AggregatorMetrics metrics, TimeProvider time, ILogger logger, string id)
{
    // Entries per read: small enough that a reply in flight (and the one requested behind it) fits the buffers the
    // client's socket pipe rents from the shared pool; 2 000 (1.4 MB a reply) overflowed it and every byte received
    // became garbage once more (3 000 -> 2 740 B allocated and GC pause 1.20 -> 0.79 us per event at 1 000).
    private const int ReadChunk = 1000;

    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(5);

    private readonly EventValidator _validator = new(options);

    // The current batch's index writes, sent beside its reads and apply and awaited before it counts as done.
    private readonly List<Task> _writes = [];

    /// <summary>This consumer's id (unique per process start).</summary>
    public string Id => id;

    private readonly RedisKey _processingKey = EventQueueKeys.ProcessingPrefix + id;
    private readonly RedisKey _leaseKey = EventQueueKeys.LeasePrefix + id;

    /// <summary>Claims and applies one batch; returns the number of entries it handled (0 when the queue was empty).</summary>
    public async Task<int> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        _writes.Clear(); // Those of a batch that failed part-way: the batch is claimed again and written again.
        var (plan, handled) = await ClaimAsync(cancellationToken);
        if (plan is null)
        {
            return 0;
        }

        while (true)
        {
            await FeedbackJoin.ResolveAsync(plan, cache, options, cancellationToken);
            var (keys, args) = plan.BuildApply(_processingKey, id);
            // Sent before the script on the same connection: once an example is visible, so is its trace id.
            _writes.Add(FeedbackJoin.IndexTracesAsync(plan.ExampleRequests, cache, options, time.GetUtcNow().ToUnixTimeSeconds()));
            var reply = (RedisResult[])(await cache.ScriptEvaluateAsync(QueueScripts.Apply, keys, args).WaitAsync(cancellationToken))!;
            if ((long)reply[0] == 1)
            {
                break;
            }

            // Some ids were applied before (a reclaimed batch, a producer's replay): plan the batch again from its
            // processing list (still this consumer's, unacknowledged) without them, and try again.
            plan.MarkSeen(reply.Skip(1).Select(p => (int)p));
            var again = BatchPlan.Begin(_validator, options, plan.NowUnixMs, LogarithmicMapping.Default, plan.Seen);
            await ReadHeldAsync(again, handled, cancellationToken);
            plan = again;
        }

        await Task.WhenAll(_writes).WaitAsync(cancellationToken);
        _writes.Clear();
        metrics.BatchApplied(plan, Stopwatch.GetElapsedTime(started));
        if (plan.DeadLetters.Count > 0)
        {
            AggregatorLog.DeadLettered(logger, plan.DeadLetters.Count, plan.DeadLetters[0].Reason, plan.DeadLetters[0].Detail);
        }

        return handled;
    }

    /// <summary>
    /// Claims a batch, reads it and validates it into a plan (null when there was nothing to claim). Entries arrive
    /// 1 000 at a time with the next 1 000 already requested, and each chunk is planned as it arrives, so its raw bytes
    /// (0.7 MB of real events) are garbage a few milliseconds later: all of a batch's entries (7 MB) held until the
    /// last one arrived were still alive at the collections the other consumer's allocations trigger, and each such
    /// collection copied them into an older generation.
    /// </summary>
    public async Task<(BatchPlan? Plan, int Entries)> ClaimAsync(CancellationToken cancellationToken)
    {
        var claimed = (long)await cache.ScriptEvaluateAsync(
            QueueScripts.Claim,
            [EventQueueKeys.Pending, _processingKey, _leaseKey, EventQueueKeys.Consumers],
            [options.BatchSize, (long)options.LeaseTimeout.TotalMilliseconds, id]).WaitAsync(cancellationToken);
        if (claimed == 0)
        {
            return (null, 0);
        }

        var plan = BatchPlan.Begin(_validator, options, time.GetUtcNow().ToUnixTimeMilliseconds(), LogarithmicMapping.Default);
        var entries = claimed > 0
            ? await ReadHeldAsync(plan, claimed, cancellationToken)
            : await MoveAsync(plan, -claimed, cancellationToken);

        // Nothing arrived: the batch was reclaimed between the calls (the lease lapsed) or others emptied the queue.
        return entries == 0 ? (null, 0) : (plan, entries);
    }

    /// <summary>
    /// Reads the <paramref name="count"/> entries already on this consumer's processing list (a batch the claim took
    /// whole, or one left unacknowledged by a failed apply). The list is this consumer's own, under its lease, so
    /// plain LRANGEs read it outside the script, without converting each entry through Lua.
    /// </summary>
    private async Task<int> ReadHeldAsync(BatchPlan plan, long count, CancellationToken cancellationToken)
    {
        var entries = 0;
        var next = cache.ListRangeAsync(_processingKey, 0, ReadChunk - 1);
        for (long start = 0; start < count; start += ReadChunk)
        {
            var reply = await next.WaitAsync(cancellationToken);
            if (start + ReadChunk < count)
            {
                next = cache.ListRangeAsync(_processingKey, start + ReadChunk, start + 2 * ReadChunk - 1);
            }

            foreach (var item in reply)
            {
                plan.Add(((ReadOnlyMemory<byte>)item).Span); // The client's own buffer, not a copy.
            }

            Index(plan);
            entries += reply.Length;
        }

        return entries;
    }

    /// <summary>
    /// Moves up to <paramref name="count"/> of the oldest waiting entries onto this consumer's processing list and
    /// plans them from the script's replies (<see cref="QueueScripts.Take"/>, 1 000 entries a call, the next call sent
    /// before a reply is planned).
    /// </summary>
    private async Task<int> MoveAsync(BatchPlan plan, long count, CancellationToken cancellationToken)
    {
        var entries = 0;
        var remaining = count;
        var next = Take(ref remaining);
        while (next is not null)
        {
            var reply = (RedisResult[])(await next.WaitAsync(cancellationToken))!;
            next = remaining > 0 && reply.Length > 0 ? Take(ref remaining) : null; // An empty reply: the queue ran dry.
            foreach (var item in reply)
            {
                plan.Add(((ReadOnlyMemory<byte>)(RedisValue)item).Span);
            }

            Index(plan);
            entries += reply.Length;
        }

        return entries;
    }

    // The request index entries of the chunk just planned, sent now (see BatchPlan.TakeUnindexed).
    private void Index(BatchPlan plan)
    {
        var requests = plan.TakeUnindexed();
        if (requests.Count > 0)
        {
            _writes.Add(FeedbackJoin.IndexAsync(requests, cache, options, time.GetUtcNow().ToUnixTimeSeconds()));
        }
    }

    private Task<RedisResult> Take(ref long remaining)
    {
        var count = Math.Min(ReadChunk, remaining);
        remaining -= count;
        return cache.ScriptEvaluateAsync(
            QueueScripts.Take,
            [EventQueueKeys.Pending, _processingKey, _leaseKey, EventQueueKeys.Consumers],
            [count, (long)options.LeaseTimeout.TotalMilliseconds, id]);
    }

    /// <summary>Runs until <paramref name="stoppingToken"/> fires; a batch in progress is finished, not abandoned.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var backoff = options.IdleDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await ProcessBatchAsync(CancellationToken.None) > 0)
                {
                    backoff = options.IdleDelay;
                    continue;
                }

                await Task.Delay(options.IdleDelay, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is RedisException or RedisTimeoutException)
            {
                AggregatorLog.ConsumerFailed(logger, id, backoff.TotalMilliseconds, e.Message);
                await DelayQuietlyAsync(backoff, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(s_maxBackoff.Ticks, backoff.Ticks * 2));
            }
        }

        await ReleaseAsync();
    }

    /// <summary>Moves the batches of consumers whose lease expired back onto the queue; returns the entries moved.</summary>
    public async Task<long> ReclaimExpiredAsync(CancellationToken cancellationToken)
    {
        var members = await cache.SetMembersAsync(EventQueueKeys.Consumers).WaitAsync(cancellationToken);
        long moved = 0;
        foreach (var member in members)
        {
            var other = (string?)member;
            if (other is null || other == id)
            {
                continue;
            }

            var count = (long)await cache.ScriptEvaluateAsync(
                QueueScripts.Reclaim,
                [EventQueueKeys.ProcessingPrefix + other, EventQueueKeys.LeasePrefix + other, EventQueueKeys.Pending, EventQueueKeys.Consumers],
                [other]).WaitAsync(cancellationToken);
            if (count > 0)
            {
                AggregatorLog.Reclaimed(logger, count, other);
                metrics.Reclaimed(count);
                moved += count;
            }
        }

        return moved;
    }

    /// <summary>On a clean stop: give up the lease and leave the consumer set (an unacknowledged batch stays for reclaim).</summary>
    private async Task ReleaseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (await cache.ListLengthAsync(_processingKey).WaitAsync(timeout.Token) == 0)
            {
                await Task.WhenAll(cache.KeyDeleteAsync(_leaseKey), cache.SetRemoveAsync(EventQueueKeys.Consumers, id)).WaitAsync(timeout.Token);
            }
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException or OperationCanceledException)
        {
            // The lease expires on its own; another consumer then tidies up.
        }
    }

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
