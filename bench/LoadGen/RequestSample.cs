namespace LoadGen;

/// <summary>One request as the client saw it. Times are seconds; NaN when not applicable.</summary>
/// <param name="Status">HTTP status, or 0 when no response arrived.</param>
/// <param name="ErrorKind">null for a 2xx; <c>http_NNN</c>, <c>rejected</c> (429), <c>connection_refused</c>, <c>timeout</c>, or an exception kind.</param>
/// <param name="LatencyFromIntended">End of body minus the scheduled send time (open loop; equals <paramref name="Latency"/> closed loop).</param>
/// <param name="Latency">End of body minus the actual send time.</param>
/// <param name="TimeToFirstToken">First content byte or delta, from the actual send.</param>
/// <param name="OutputTokens">Output tokens the server reported, or -1.</param>
/// <param name="RetryAfterSeconds">Retry-After on a 429, or -1.</param>
/// <param name="Streamed">True when TTFT came from a streamed delta (otherwise it is the whole latency and TPOT is undefined).</param>
internal readonly record struct RequestSample(int Status, string? ErrorKind, double LatencyFromIntended, double Latency, double TimeToFirstToken, int OutputTokens, double RetryAfterSeconds, bool Streamed = false)
{
    /// <summary>True for a 2xx response read to the end.</summary>
    public bool Succeeded => ErrorKind is null;

    /// <summary>(latency − TTFT) / (output tokens − 1); NaN with fewer than two tokens or without streaming (where it would always read 0).</summary>
    public double TimePerOutputToken => Streamed && OutputTokens > 1 ? (Latency - TimeToFirstToken) / (OutputTokens - 1) : double.NaN;
}
