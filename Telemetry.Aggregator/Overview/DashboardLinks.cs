using System.Text;

namespace Telemetry.Aggregator.Overview;

/// <summary>
/// Addresses in the Aspire dashboard (shapes from its <c>DashboardUrls</c>). An example request links to its trace when
/// the aggregator's request index holds the request's trace id; else to the dashboard's structured logs filtered on
/// the <c>RequestId</c> scope every request log line carries, each of which links to the request's trace.
/// </summary>
internal static class DashboardLinks
{
    /// <summary>The request's structured logs, or null without a dashboard address.</summary>
    public static string? RequestLogs(string? dashboardUrl, string requestId) =>
        dashboardUrl is null
            ? null
            : $"{dashboardUrl.TrimEnd('/')}/structuredlogs?filters={Uri.EscapeDataString("RequestId:equals:" + Uri.EscapeDataString(requestId))}";

    /// <summary>A trace's detail page, or null without a dashboard address.</summary>
    public static string? Trace(string? dashboardUrl, string traceId) =>
        dashboardUrl is null ? null : $"{dashboardUrl.TrimEnd('/')}/traces/detail/{Uri.EscapeDataString(traceId)}";

    /// <summary>The dashboard's traces of one resource, or null without a dashboard address.</summary>
    public static string? Traces(string? dashboardUrl, string resource) =>
        dashboardUrl is null ? null : new StringBuilder(dashboardUrl.TrimEnd('/')).Append("/traces/resource/").Append(Uri.EscapeDataString(resource)).ToString();
}
