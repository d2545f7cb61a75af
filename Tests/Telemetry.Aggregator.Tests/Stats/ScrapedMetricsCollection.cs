namespace Telemetry.Aggregator.Tests.Stats;

/// <summary>
/// Classes that read their host's own instruments at <c>/metrics</c> run alone. The OpenTelemetry SDK subscribes to
/// meters by name across the whole process, so every aggregator host in this test process feeds the same
/// <c>telemetry.window.*</c> streams of every other host's provider; when one host stops and disposes its meter, the
/// SDK retires those shared streams, and a host still running loses its gauges from <c>/metrics</c> (seen on a busy
/// run: 30 s without a single <c>telemetry_window_requests</c> line). A deployed service runs one host per process.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScrapedMetricsCollection
{
    public const string Name = "scraped metrics";
}
