namespace LoadGen;

/// <summary>What the aggregator should have seen from this tool: warm-up and run together.</summary>
/// <param name="Succeeded">2xx responses.</param>
/// <param name="WithStatus">Responses that carried any HTTP status.</param>
/// <param name="LatencyMs">
/// Latency from the actual send of every successful request, warm-up included: the aggregator's window holds the
/// warm-up too (often the server's slowest requests, while its own code is still cold), and only the same requests on
/// both sides keep the client's time at or above the server's at every rank. The client's cold start in the first
/// requests can only raise the client's side, which the tolerance's upper bound allows for.
/// </param>
internal sealed record CheckPopulation(long Succeeded, long WithStatus, QuantileSummary LatencyMs)
{
    /// <summary>Counts and latency from warm-up and run samples together.</summary>
    public static CheckPopulation From(IReadOnlyCollection<RequestSample> warmup, IReadOnlyCollection<RequestSample> run)
    {
        var all = warmup.Concat(run).ToArray();
        return new CheckPopulation(all.Count(s => s.Succeeded), all.Count(s => s.Status != 0), new Quantiles(all.Where(s => s.Succeeded).Select(s => s.Latency)).SummaryMs());
    }
}
