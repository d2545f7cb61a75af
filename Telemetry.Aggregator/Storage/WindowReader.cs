using System.Buffers.Text;
using ServiceDefaults.Redis;
using Telemetry.Aggregator.Windows;

namespace Telemetry.Aggregator.Storage;

/// <summary>
/// Reads bucket hashes back, pipelined: a window is one round trip of HGETALLs (at most a few hundred), merged here.
/// Any replica reading the same keys gets the same numbers.
/// </summary>
internal sealed class WindowReader(Func<RedisClient> redis)
{
    /// <summary>Each bucket of <paramref name="series"/> at <paramref name="resolution"/>, in the order of <paramref name="starts"/>.</summary>
    public async Task<WindowTotals[]> ReadBucketsAsync(string series, Resolution resolution, long[] starts, CancellationToken cancellationToken)
    {
        var commands = new (string, object[])[starts.Length];
        for (var i = 0; i < starts.Length; i++)
        {
            commands[i] = ("HGETALL", [resolution.Key(starts[i], series)]);
        }

        var replies = await redis().ExecuteBatchAsync(commands, cancellationToken);
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
        foreach (var bucket in await ReadBucketsAsync(series, window.Resolution, window.BucketStarts(now), cancellationToken))
        {
            totals.Add(bucket);
        }

        return totals;
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
