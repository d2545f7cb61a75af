namespace LoadGen;

/// <summary>What the aggregator should have seen from this tool: warm-up and run together.</summary>
/// <param name="Succeeded">2xx responses.</param>
/// <param name="WithStatus">Responses that carried any HTTP status.</param>
/// <param name="LatencyMs">Latency from the actual send of the run's successful requests (warm-up left out: its client-side cold start, JIT and connection setup, is time the server never sees).</param>
internal sealed record CheckPopulation(long Succeeded, long WithStatus, QuantileSummary LatencyMs)
{
    /// <summary>Counts from warm-up and run samples; latency from the run only.</summary>
    public static CheckPopulation From(IReadOnlyCollection<RequestSample> warmup, IReadOnlyCollection<RequestSample> run)
    {
        var all = warmup.Concat(run).ToArray();
        return new CheckPopulation(all.Count(s => s.Succeeded), all.Count(s => s.Status != 0), new Quantiles(run.Where(s => s.Succeeded).Select(s => s.Latency)).SummaryMs());
    }
}
