namespace Telemetry.Aggregator.Alerts;

/// <summary>
/// One alert rule from configuration (<c>Alerts:Rules:n</c>). Kinds:
/// <c>threshold</c>: <see cref="Metric"/> over <see cref="Window"/> compared with <see cref="Threshold"/>;
/// <c>slo_burn</c>: multi-window burn rate of a latency (<see cref="LatencyThresholdMs"/>) or error objective;
/// <c>budget</c>: the cost of the UTC day or month so far against <see cref="Amount"/>, firing once at 80 % and once at 100 %.
/// </summary>
public sealed class AlertRule
{
    /// <summary>Unique name (also the de-duplication key of its notifications).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary><c>threshold</c>, <c>slo_burn</c> or <c>budget</c>.</summary>
    public string Kind { get; set; } = "threshold";

    /// <summary><c>warning</c> or <c>critical</c>.</summary>
    public string Severity { get; set; } = "warning";

    /// <summary>Threshold rules: a <c>/stats/timeseries</c> metric name (latency_p95, error_rate, ttft_p95, satisfaction_rate, cost_usd...).</summary>
    public string? Metric { get; set; }

    /// <summary>Threshold rules: the window the metric is computed over.</summary>
    public string Window { get; set; } = "5m";

    /// <summary>Threshold rules: <c>&gt;</c> or <c>&lt;</c>.</summary>
    public string Operator { get; set; } = ">";

    /// <summary>Threshold rules: the value compared with.</summary>
    public double Threshold { get; set; }

    /// <summary>How long the condition must hold before the alert fires (pending until then).</summary>
    public TimeSpan For { get; set; }

    /// <summary>Fewest requests in the window for the rule to judge at all (an idle service is not "0 % satisfied").</summary>
    public long MinRequests { get; set; } = 1;

    /// <summary>SLO rules: the objective, e.g. 0.99 (99 % of requests good).</summary>
    public double Objective { get; set; } = 0.99;

    /// <summary>SLO rules: a request slower than this is bad; when unset, a failed request is bad.</summary>
    public double? LatencyThresholdMs { get; set; }

    /// <summary>Budget rules: the budget in US dollars for the <see cref="Period"/>.</summary>
    public double Amount { get; set; }

    /// <summary>Budget rules: <c>day</c> (UTC day) or <c>month</c> (UTC calendar month).</summary>
    public string Period { get; set; } = "day";

    /// <summary>Optional filters: the series the rule watches (tenant alone, or model and/or route).</summary>
    public string? Model { get; set; }

    /// <summary>Route filter.</summary>
    public string? Route { get; set; }

    /// <summary>Tenant filter.</summary>
    public string? Tenant { get; set; }
}
