namespace AppHost.Dashboard.Storage;

/// <summary>One series of <c>/api/metrics/series</c>.</summary>
/// <param name="Attributes">The attribute set.</param>
/// <param name="Points"><see cref="NumberPoint"/>s or <see cref="HistogramPoint"/>s, oldest first.</param>
internal sealed record SeriesView(IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<object> Points);
