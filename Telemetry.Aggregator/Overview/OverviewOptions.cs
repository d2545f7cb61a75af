using System.ComponentModel.DataAnnotations;

namespace Telemetry.Aggregator.Overview;

/// <summary>The GenAI overview page (section <c>Overview</c>).</summary>
public sealed class OverviewOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Overview";

    /// <summary>
    /// The Aspire dashboard's address (the AppHost sets <c>Overview__DashboardUrl</c> in run mode); when set, each
    /// example request links to its trace there (to its logs when its trace id is not known). Without it the page shows the request ids alone.
    /// </summary>
    [Url]
    public string? DashboardUrl { get; set; }
}
