namespace AppHost.Dashboard.Storage;

/// <summary>A page of stored items in the JSON shape <c>{ items, dropped, total }</c>.</summary>
/// <typeparam name="T">Item type.</typeparam>
/// <param name="Items">The items returned.</param>
/// <param name="Dropped">How many were evicted from the store since start.</param>
/// <param name="Total">How many stored items matched the filters (before the limit).</param>
internal sealed record QueryResult<T>(IReadOnlyList<T> Items, long Dropped, int Total);
