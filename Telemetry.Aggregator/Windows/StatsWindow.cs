using Telemetry.Aggregator.Storage;

namespace Telemetry.Aggregator.Windows;

/// <summary>
/// A rolling window over fixed time buckets: the window ending at a moment is the merge of the buckets that
/// overlap it, read at one <see cref="Storage.Resolution"/>, so any replica computes the same keys.
/// </summary>
internal sealed record StatsWindow(string Name, TimeSpan Length)
{
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

    /// <summary>The bucket width this window is read from: fine up to an hour, coarse beyond.</summary>
    public Resolution Resolution => Length <= TimeSpan.FromHours(1) ? Resolution.Fine : Resolution.Coarse;

    /// <summary>The names of the known windows, for error messages.</summary>
    public static string KnownNames => string.Join(", ", Known.Select(w => w.Name));

    /// <summary>Looks up a window by name; null when unknown.</summary>
    public static StatsWindow? Find(string? name) => Known.FirstOrDefault(w => w.Name == name);

    /// <summary>Bucket starts covering the window that ends at <paramref name="now"/>, oldest first, the current bucket last.</summary>
    public long[] BucketStarts(DateTimeOffset now)
    {
        var size = Resolution.Seconds;
        var count = (int)(Length.TotalSeconds / size);
        var last = Resolution.BucketStart(now.ToUnixTimeSeconds());
        var starts = new long[count];
        for (var i = 0; i < count; i++)
        {
            starts[i] = last - (count - 1 - i) * size;
        }

        return starts;
    }
}
