namespace ServiceDefaults.Prometheus;

/// <summary>The wire format a scrape answers in.</summary>
internal enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4 (the default; no exemplars, no units).</summary>
    Text004,

    /// <summary>OpenMetrics 1.0.0 text: <c>_total</c> counter samples, <c># UNIT</c>, exemplars, <c># EOF</c>.</summary>
    OpenMetrics,
}
