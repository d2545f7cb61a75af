namespace Telemetry.Aggregator.Windows;

/// <summary>
/// A rolling window over fixed time buckets: the window ending at a moment is the merge of the buckets that
/// overlap it. Bucket size is fixed for the whole system so any replica computes the same keys.
/// </summary>
internal sealed record StatsWindow(string Name, TimeSpan Length)
{
    /// <summary>Bucket width: 10 s keeps a 1 h window at 360 buckets and a 1 m window honest to ±10 s.</summary>
    public static readonly TimeSpan BucketSize = TimeSpan.FromSeconds(10);

    /// <summary>The windows <c>/stats</c> accepts.</summary>
    public static readonly IReadOnlyList<StatsWindow> Known =
    [
        new("1m", TimeSpan.FromMinutes(1)),
        new("5m", TimeSpan.FromMinutes(5)),
        new("15m", TimeSpan.FromMinutes(15)),
        new("30m", TimeSpan.FromMinutes(30)),
        new("1h", TimeSpan.FromHours(1)),
        new("6h", TimeSpan.FromHours(6)),
        new("24h", TimeSpan.FromHours(24)),
    ];

    /// <summary>Looks up a window by name; null when unknown.</summary>
    public static StatsWindow? Find(string? name) => Known.FirstOrDefault(w => w.Name == name);

    /// <summary>The start (Unix seconds) of the bucket that contains <paramref name="time"/>.</summary>
    public static long BucketStart(DateTimeOffset time)
    {
        var seconds = time.ToUnixTimeSeconds();
        var size = (long)BucketSize.TotalSeconds;
        return seconds - (((seconds % size) + size) % size);
    }

    /// <summary>Bucket starts covering the window that ends at <paramref name="now"/>, oldest first, the current bucket last.</summary>
    public long[] BucketStarts(DateTimeOffset now)
    {
        var size = (long)BucketSize.TotalSeconds;
        var count = (int)(Length.Ticks / BucketSize.Ticks);
        var last = BucketStart(now);
        var starts = new long[count];
        for (var i = 0; i < count; i++)
        {
            starts[i] = last - (count - 1 - i) * size;
        }

        return starts;
    }
}
