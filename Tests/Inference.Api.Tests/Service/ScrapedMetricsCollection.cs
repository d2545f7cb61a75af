namespace Inference.Api.Tests.Service;

/// <summary>
/// Classes that read their host's own instruments at <c>/metrics</c> run alone. The OpenTelemetry SDK subscribes to
/// meters by name across the whole process, so every Inference.Api host in this test process feeds the same streams
/// (the GenAI client metrics of the chat-client layer among them) of every other host's provider; when one host stops
/// and disposes its meters, the SDK retires those shared streams, and a host still running loses them from its
/// <c>/metrics</c>. A deployed service runs one host per process.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScrapedMetricsCollection
{
    public const string Name = "scraped metrics";
}
