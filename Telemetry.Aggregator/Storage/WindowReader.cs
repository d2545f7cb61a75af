using StackExchange.Redis;
using Telemetry.Aggregator.Windows;

namespace Telemetry.Aggregator.Storage;

/// <summary>
/// Reads bucket hashes back, pipelined: every read here is one round trip (the client writes the calls of a read
/// back to back on its one connection and matches the replies in order), merged here. A window's totals read whole
/// coarse buckets where they fit (see <see cref="WindowKeys"/>); per-bucket reads (time series) keep the window's
/// own resolution. Any replica reading the same keys gets the same numbers.
/// </summary>
internal sealed class WindowReader(Func<IDatabase> cache)
{
    /// <summary>Each bucket of <paramref name="series"/> at <paramref name="resolution"/>, in the order of <paramref name="starts"/>.</summary>
    public async Task<WindowTotals[]> ReadBucketsAsync(string series, Resolution resolution, long[] starts, CancellationToken cancellationToken)
    {
        var db = cache();
        var buckets = new WindowTotals[starts.Length];
        var folds = new Task[starts.Length];
        for (var i = 0; i < starts.Length; i++)
        {
            buckets[i] = new WindowTotals();
            folds[i] = FoldAsync(db.HashGetAllAsync(resolution.Key(starts[i], series)), buckets[i]);
        }

        await Task.WhenAll(folds).WaitAsync(cancellationToken);
        return buckets;
    }

    /// <summary>The merged totals of <paramref name="series"/> over the window ending at <paramref name="now"/>.</summary>
    public async Task<WindowTotals> ReadWindowAsync(StatsWindow window, string series, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await ReadWindowsAsync(window, [series], now, cancellationToken))[0];

    /// <summary>
    /// The merged totals of each of <paramref name="series"/> over the window, in their order: the bucket reads of
    /// every series go out in one pipelined round, not one round trip per series.
    /// </summary>
    public async Task<WindowTotals[]> ReadWindowsAsync(StatsWindow window, IReadOnlyList<string> series, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = cache();
        var totals = new WindowTotals[series.Count];
        var folds = new List<Task>();
        for (var i = 0; i < series.Count; i++)
        {
            totals[i] = new WindowTotals();
            foreach (var key in WindowKeys(window, series[i], now))
            {
                folds.Add(FoldAsync(db.HashGetAllAsync(key), totals[i]));
            }
        }

        await Task.WhenAll(folds).WaitAsync(cancellationToken);
        return totals;
    }

    /// <summary>
    /// The bucket keys whose sum is the window. A window read at the fine resolution takes every whole coarse bucket
    /// inside it as one coarse key instead of its 30 fine keys: the ingest script adds every event to both, and a fine
    /// bucket young enough for a window always has its coarse bucket, so the sums are equal. An hour is then 11 coarse
    /// and 30 fine reads (12 coarse when it ends on a coarse boundary) instead of 360.
    /// </summary>
    public static List<string> WindowKeys(StatsWindow window, string series, DateTimeOffset now)
    {
        var starts = window.BucketStarts(now);
        var resolution = window.Resolution;
        var keys = new List<string>(starts.Length);
        var coarse = Resolution.Coarse;
        var perCoarse = resolution == Resolution.Fine ? coarse.Seconds / resolution.Seconds : int.MaxValue;
        for (var i = 0; i < starts.Length;)
        {
            // The starts are consecutive, so a coarse-aligned start with enough starts after it opens a whole coarse bucket.
            if (starts[i] % coarse.Seconds == 0 && starts.Length - i >= perCoarse)
            {
                keys.Add(coarse.Key(starts[i], series));
                i += perCoarse;
            }
            else
            {
                keys.Add(resolution.Key(starts[i], series));
                i++;
            }
        }

        return keys;
    }

    /// <summary>The series with <paramref name="prefix"/> that had requests in the window (from the coarse index).</summary>
    public async Task<IReadOnlyList<string>> SeriesAsync(StatsWindow window, string prefix, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var coarse = Resolution.Coarse;
        var last = coarse.BucketStart(now.ToUnixTimeSeconds());
        var first = coarse.BucketStart((now - window.Length).ToUnixTimeSeconds());
        var db = cache();
        var reads = new List<Task<RedisValue[]>>();
        for (var start = first; start <= last; start += coarse.Seconds)
        {
            reads.Add(db.HashKeysAsync(SeriesNames.IndexKey(start)));
        }

        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var reply in await Task.WhenAll(reads).WaitAsync(cancellationToken))
        {
            foreach (var item in reply)
            {
                if ((string?)item is { } name && name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    names.Add(name);
                }
            }
        }

        return [.. names];
    }

    /// <summary>
    /// Example request ids of <paramref name="kind"/> (<c>slow</c> or <c>error</c>) from the 10 s buckets of the window
    /// (at most its last hour), highest score first.
    /// </summary>
    public async Task<IReadOnlyList<string>> ExamplesAsync(string kind, StatsWindow window, DateTimeOffset now, int count, CancellationToken cancellationToken)
    {
        var fine = Resolution.Fine;
        var span = Math.Min(window.Length.TotalSeconds, 3600);
        var last = fine.BucketStart(now.ToUnixTimeSeconds());
        var db = cache();
        var reads = new List<Task<SortedSetEntry[]>>();
        for (var start = last - (long)span + fine.Seconds; start <= last; start += fine.Seconds)
        {
            reads.Add(db.SortedSetRangeByRankWithScoresAsync(ExampleKeys.Key(kind, start), 0, count - 1, Order.Descending));
        }

        var found = new List<(double Score, string Id)>();
        foreach (var reply in await Task.WhenAll(reads).WaitAsync(cancellationToken))
        {
            foreach (var entry in reply)
            {
                found.Add((entry.Score, entry.Element.ToString()));
            }
        }

        return [.. found.OrderByDescending(f => f.Score).Select(f => f.Id).Distinct().Take(count)];
    }

    /// <summary>Cost (US dollars) of <paramref name="series"/> on each UTC day from <paramref name="firstDay"/> to <paramref name="lastDay"/> (day starts, Unix seconds), summed.</summary>
    public async Task<double> CostAsync(string series, long firstDay, long lastDay, CancellationToken cancellationToken)
    {
        var db = cache();
        var reads = new List<Task<RedisValue>>();
        for (var day = firstDay; day <= lastDay; day += 86400)
        {
            reads.Add(db.HashGetAsync(DailyCost.Key(day), series));
        }

        long nanos = 0;
        foreach (var reply in await Task.WhenAll(reads).WaitAsync(cancellationToken))
        {
            nanos += reply.IsNull ? 0 : (long)reply;
        }

        return nanos / 1_000_000_000.0;
    }

    // Each reply is added to its totals as soon as it arrives and then dropped, rather than every reply of the read
    // (the hour's 41 hashes per series, every 10 s for the gauges) being held until the last one came: less alive
    // when a collection runs. With the interned field names, the aggregator allocated 17 % less at 20 req/s
    // (bench/results/2026-12-06-ingest.md, session 7).
    private static async Task FoldAsync(Task<HashEntry[]> read, WindowTotals into)
    {
        var reply = await read.ConfigureAwait(false);
        lock (into)
        {
            into.Add(Fields(reply));
        }
    }

    private static IEnumerable<KeyValuePair<string, long>> Fields(HashEntry[] hash)
    {
        foreach (var entry in hash)
        {
            // The '_' padding field (see QueueScripts.Apply) and anything else that is not a number is skipped.
            if (entry.Value.TryParse(out long number))
            {
                yield return new(FieldNames.Shared.Read((ReadOnlyMemory<byte>)entry.Name), number);
            }
        }
    }
}
