namespace TestSupport.Otlp;

/// <summary>One decoded metric (metrics/v1 <c>Metric</c>) with its points.</summary>
/// <param name="Resource">The resource that produced it.</param>
/// <param name="Scope">Instrumentation scope name (the Meter).</param>
/// <param name="Name">Instrument name.</param>
/// <param name="Description">Instrument description.</param>
/// <param name="Unit">Instrument unit.</param>
/// <param name="Type">counter, updowncounter, gauge or histogram.</param>
/// <param name="Cumulative">Whether points are cumulative (else delta).</param>
/// <param name="Points">The data points.</param>
internal sealed record OtlpMetric(
    OtlpResource Resource,
    string Scope,
    string Name,
    string Description,
    string Unit,
    string Type,
    bool Cumulative,
    IReadOnlyList<OtlpDataPoint> Points);
