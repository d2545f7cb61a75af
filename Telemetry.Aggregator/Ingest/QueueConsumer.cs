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
    private const int ReadChunk = 2000;

    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(5);

    private readonly EventValidator _validator = new(options);

    /// <summary>This consumer's id (unique per process start).</summary>
    public string Id => id;

    private readonly RedisKey _processingKey = EventQueueKeys.ProcessingPrefix + id;
    private readonly RedisKey _leaseKey = EventQueueKeys.LeasePrefix + id;

    /// <summary>Claims and applies one batch; returns the number of entries it handled (0 when the queue was empty).</summary>
    public async Task<int> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (plan, handled) = await ClaimAsync(cancellationToken);
        if (plan is null)
        {
            return 0;
        }

        await FeedbackJoin.ResolveAsync(plan, cache, options, cancellationToken);
        var indexed = new List<Task> { FeedbackJoin.IndexAsync(plan, cache, options, time.GetUtcNow().ToUnixTimeSeconds()) };
        while (true)
        {
            var (keys, args) = plan.BuildApply(_processingKey, id, LogarithmicMapping.Default);
            // Sent before the script on the same connection: once an example is visible, so is its trace id.
            indexed.Add(FeedbackJoin.IndexTracesAsync(plan.ExampleRequests, cache, options, time.GetUtcNow().ToUnixTimeSeconds()));
            var reply = (RedisResult[])(await cache.ScriptEvaluateAsync(QueueScripts.Apply, keys, args).WaitAsync(cancellationToken))!;
            if ((long)reply[0] == 1)
            {
                break;
            }

            // Some ids were applied before (a reclaimed batch, a producer's replay): drop them and try again.
            var seen = new int[reply.Length - 1];
            for (var i = 1; i < reply.Length; i++)
            {
                seen[i - 1] = (int)reply[i];
            }

            plan.DropSeen(seen);
        }

        await Task.WhenAll(indexed).WaitAsync(cancellationToken);
        metrics.BatchApplied(plan, Stopwatch.GetElapsedTime(started));
        if (plan.DeadLetters.Count > 0)
        {
            AggregatorLog.DeadLettered(logger, plan.DeadLetters.Count, plan.DeadLetters[0].Reason, plan.DeadLetters[0].Detail);
        }

        return handled;
    }

    /// <summary>
    /// Claims a batch, reads it and validates it into a plan (null when there was nothing to claim). Entries arrive
    /// 2 000 at a time with the next 2 000 already requested, and each chunk is planned as it arrives, so its raw bytes
    /// (1.4 MB of real events) are garbage a few milliseconds later: all of a batch's entries (7 MB) held until the
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

        var plan = BatchPlan.Begin(_validator, options, time.GetUtcNow().ToUnixTimeMilliseconds());
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

            entries += reply.Length;
        }

        return entries;
    }

    /// <summary>
    /// Moves up to <paramref name="count"/> of the oldest waiting entries onto this consumer's processing list and
    /// plans them from the script's replies (<see cref="QueueScripts.Take"/>, 2 000 entries a call, the next call sent
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

            entries += reply.Length;
        }

        return entries;
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
