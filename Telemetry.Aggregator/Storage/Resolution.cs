namespace Telemetry.Aggregator.Storage;

/// <summary>
/// A bucket width the aggregator writes every event into, with how long those buckets live. Two widths: fine buckets
/// answer windows up to an hour to ±10 s; coarse buckets answer the long windows with a few hundred reads instead of
/// thousands. Every replica uses the same widths, so all compute the same keys.
/// </summary>
internal sealed record Resolution(int Seconds, TimeSpan Retention)
{
    /// <summary>10 s buckets kept for 2 h (the longest fine window is 1 h).</summary>
    public static readonly Resolution Fine = new(10, TimeSpan.FromHours(2));

    /// <summary>5 min buckets kept for 26 h (the longest window is 24 h).</summary>
    public static readonly Resolution Coarse = new(300, TimeSpan.FromHours(26));

    /// <summary>Both widths, fine first.</summary>
    public static readonly IReadOnlyList<Resolution> All = [Fine, Coarse];

    /// <summary>The start (Unix seconds) of the bucket that holds <paramref name="unixSeconds"/>.</summary>
    public long BucketStart(long unixSeconds) => unixSeconds - (((unixSeconds % Seconds) + Seconds) % Seconds);

    /// <summary>The hash key of one series' bucket.</summary>
    public string Key(long bucketStart, string series) => $"telemetry:w:{Seconds}:{bucketStart}:{series}";
}
