namespace Telemetry.Aggregator.Storage;

/// <summary>Cost per UTC day and series (hash field = series, value = nano-dollars), kept 40 days for monthly budgets.</summary>
internal static class DailyCost
{
    /// <summary>How long a day's costs are kept.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(40);

    /// <summary>Start (Unix seconds) of the UTC day holding <paramref name="unixSeconds"/>.</summary>
    public static long DayStart(long unixSeconds) => unixSeconds - (((unixSeconds % 86400) + 86400) % 86400);

    /// <summary>The hash key of a day.</summary>
    public static string Key(long dayStart) => $"telemetry:cost:day:{dayStart}";
}
