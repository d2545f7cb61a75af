namespace AppHost.Dashboard.Storage;

/// <summary>The body of <c>/api/metrics/series</c>.</summary>
/// <param name="Type">Instrument type.</param>
/// <param name="Unit">Instrument unit.</param>
/// <param name="Series">Every attribute set's points.</param>
internal sealed record SeriesResult(string Type, string Unit, IReadOnlyList<SeriesView> Series);
