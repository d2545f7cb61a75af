using System.Collections.Concurrent;
using ServiceDefaults.Events;

namespace Telemetry.Aggregator.Storage;

/// <summary>
/// The series an event counts in. <c>all</c>, <c>model:x</c>, <c>route:x</c>, <c>model_route:x|y</c> and
/// <c>tenant:x</c>, so a query by model, by route, by both, or by tenant reads exactly one series.
/// </summary>
internal static class SeriesNames
{
    /// <summary>Every request.</summary>
    public const string All = "all";

    /// <summary>Prefix of per-model series.</summary>
    public const string ModelPrefix = "model:";

    /// <summary>Prefix of per-route series.</summary>
    public const string RoutePrefix = "route:";

    /// <summary>Prefix of per-model-and-route series.</summary>
    public const string ModelRoutePrefix = "model_route:";

    /// <summary>Prefix of per-tenant series.</summary>
    public const string TenantPrefix = "tenant:";

    private const int MaxCached = 10_000;

    private static readonly ConcurrentDictionary<(string Model, string Route, string? Tenant), string[]> s_cache = new();
    private static readonly ConcurrentDictionary<string, string[]> s_feedbackCache = new(StringComparer.Ordinal);

    /// <summary>The series a request event counts in, built once per label combination.</summary>
    public static string[] Of(RequestCompleted e)
    {
        var tenant = e.Tenant is { Length: > 0 } t ? t : null;
        if (s_cache.TryGetValue((e.Model, e.Route, tenant), out var names))
        {
            return names;
        }

        names = tenant is null
            ? [All, ModelPrefix + e.Model, RoutePrefix + e.Route, ModelRoutePrefix + e.Model + "|" + e.Route]
            : [All, ModelPrefix + e.Model, RoutePrefix + e.Route, ModelRoutePrefix + e.Model + "|" + e.Route, TenantPrefix + tenant];
        if (s_cache.Count < MaxCached)
        {
            s_cache.TryAdd((e.Model, e.Route, tenant), names);
        }

        return names;
    }

    /// <summary>The series a feedback event counts in: all, and its model when the service knew the request.</summary>
    public static string[] OfFeedback(string? model)
    {
        if (model is not { Length: > 0 })
        {
            return [All];
        }

        if (s_feedbackCache.TryGetValue(model, out var names))
        {
            return names;
        }

        names = [All, ModelPrefix + model];
        if (s_feedbackCache.Count < MaxCached)
        {
            s_feedbackCache.TryAdd(model, names);
        }

        return names;
    }

    /// <summary>The hash key listing which series had traffic in a coarse bucket (for <c>/stats/top</c>).</summary>
    public static string IndexKey(long coarseBucketStart) => $"telemetry:w:idx:{coarseBucketStart}";

    /// <summary>The series a query reads: one filter, or model and route together.</summary>
    public static string For(string? model, string? route, string? tenant) => (model, route, tenant) switch
    {
        (null, null, null) => All,
        ({ } m, null, null) => ModelPrefix + m,
        (null, { } r, null) => RoutePrefix + r,
        ({ } m, { } r, null) => ModelRoutePrefix + m + "|" + r,
        (null, null, { } t) => TenantPrefix + t,
        _ => throw new ArgumentException("tenant cannot be combined with model or route."),
    };
}
