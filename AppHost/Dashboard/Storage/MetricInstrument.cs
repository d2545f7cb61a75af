namespace AppHost.Dashboard.Storage;

/// <summary>One instrument of one resource, in the JSON shape of <c>/api/metrics</c>.</summary>
/// <param name="Resource">Resource instance name.</param>
/// <param name="Name">Instrument name.</param>
/// <param name="Unit">Unit (UCUM, e.g. <c>s</c>, <c>{token}</c>).</param>
/// <param name="Description">Description.</param>
/// <param name="Type">counter, updowncounter, gauge or histogram.</param>
internal sealed record MetricInstrument(string Resource, string Name, string Unit, string Description, string Type);
