namespace Telemetry.Aggregator.Storage;

/// <summary>
/// Sorted sets of example request ids per 10 s bucket: <c>slow</c> (score: latency ms, the slowest kept) and
/// <c>error</c> (score: time, the latest failures kept). Alerts and charts use them to point at real requests.
/// </summary>
internal static class ExampleKeys
{
    /// <summary>The sorted-set key of a kind in a bucket.</summary>
    public static string Key(string kind, long fineStart) => $"telemetry:w:ex:{kind}:{fineStart}";
}
