using System.Buffers.Text;
using ServiceDefaults.Redis;
using Telemetry.Aggregator.Windows;

namespace Telemetry.Aggregator.Storage;

/// <summary>
/// Reads bucket hashes back, pipelined: a window is one round trip of HGETALLs (at most a few hundred), merged here.
/// A window's totals read whole coarse buckets where they fit (see <see cref="WindowKeys"/>); per-bucket reads (time
/// series) keep the window's own resolution.
/// Any replica reading the same keys gets the same numbers.
/// </summary>
internal sealed class WindowReader(Func<RedisClient> redis)
{
    /// <summary>Each bucket of <paramref name="series"/> at <paramref name="resolution"/>, in the order of <paramref name="starts"/>.</summary>
    public async Task<WindowTotals[]> ReadBucketsAsync(string series, Resolution resolution, long[] starts, CancellationToken cancellationToken)
    {
        var replies = await ReadHashesAsync([.. starts.Select(start => resolution.Key(start, series))], cancellationToken);
        var buckets = new WindowTotals[replies.Length];
        for (var i = 0; i < replies.Length; i++)
        {
            buckets[i] = new WindowTotals();
            buckets[i].Add(Fields(replies[i].ThrowIfError("HGETALL")));
        }

        return buckets;
    }

    /// <summary>The merged totals of <paramref name="series"/> over the window ending at <paramref name="now"/>.</summary>
    public async Task<WindowTotals> ReadWindowAsync(StatsWindow window, string series, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var totals = new WindowTotals();
        foreach (var reply in await ReadHashesAsync(WindowKeys(window, series, now), cancellationToken))
        {
            totals.Add(Fields(reply.ThrowIfError("HGETALL")));
        }

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
        var commands = new List<(string, object[])>();
        for (var start = first; start <= last; start += coarse.Seconds)
        {
            commands.Add(("HKEYS", [SeriesNames.IndexKey(start)]));
        }

        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var reply in await redis().ExecuteBatchAsync(commands, cancellationToken))
        {
            foreach (var item in reply.ThrowIfError("HKEYS").Items ?? [])
            {
                if (item.AsString() is { } name && name.StartsWith(prefix, StringComparison.Ordinal))
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
        var commands = new List<(string, object[])>();
        for (var start = last - (long)span + fine.Seconds; start <= last; start += fine.Seconds)
        {
            commands.Add(("ZREVRANGE", [ExampleKeys.Key(kind, start), 0, count - 1, "WITHSCORES"]));
        }

        var found = new List<(double Score, string Id)>();
        foreach (var reply in await redis().ExecuteBatchAsync(commands, cancellationToken))
        {
            var items = reply.ThrowIfError("ZREVRANGE").Items ?? [];
            for (var i = 0; i + 1 < items.Length; i += 2)
            {
                var score = items[i + 1].Kind == RedisValueKind.Double || items[i + 1].Bytes is not null
                    ? double.Parse(items[i + 1].AsString()!, System.Globalization.CultureInfo.InvariantCulture)
                    : 0;
                found.Add((score, items[i].AsString()!));
            }
        }

        return [.. found.OrderByDescending(f => f.Score).Select(f => f.Id).Distinct().Take(count)];
    }

    /// <summary>Cost (US dollars) of <paramref name="series"/> on each UTC day from <paramref name="firstDay"/> to <paramref name="lastDay"/> (day starts, Unix seconds), summed.</summary>
    public async Task<double> CostAsync(string series, long firstDay, long lastDay, CancellationToken cancellationToken)
    {
        var commands = new List<(string, object[])>();
        for (var day = firstDay; day <= lastDay; day += 86400)
        {
            commands.Add(("HGET", [DailyCost.Key(day), series]));
        }

        long nanos = 0;
        foreach (var reply in await redis().ExecuteBatchAsync(commands, cancellationToken))
        {
            nanos += reply.ThrowIfError("HGET").IsNull ? 0 : reply.AsInt64();
        }

        return nanos / 1_000_000_000.0;
    }

    // One pipelined round trip of HGETALLs, replies in the order of the keys.
    private async Task<RedisValue[]> ReadHashesAsync(List<string> keys, CancellationToken cancellationToken)
    {
        var commands = new (string, object[])[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            commands[i] = ("HGETALL", [keys[i]]);
        }

        return await redis().ExecuteBatchAsync(commands, cancellationToken);
    }

    private static IEnumerable<KeyValuePair<string, long>> Fields(RedisValue hash)
    {
        var items = hash.Items ?? [];
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            var value = items[i + 1];
            long number;
            if (value.Kind == RedisValueKind.Integer)
            {
                number = value.Integer;
            }
            else if (value.Bytes is not { } bytes || !Utf8Parser.TryParse(bytes, out number, out _))
            {
                continue;
            }

            yield return new(items[i].AsString() ?? string.Empty, number);
        }
    }
}
