namespace Telemetry.Aggregator.Alerts;

/// <summary>Alerting settings (configuration section <c>Alerts</c>), validated on start.</summary>
public sealed class AlertsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Alerts";

    /// <summary>The rules.</summary>
    public List<AlertRule> Rules { get; set; } = [];

    /// <summary>Webhook URLs receiving Slack-compatible payloads on fire and resolve.</summary>
    public List<string> Webhooks { get; set; } = [];

    /// <summary>How often rules are evaluated (by one replica at a time).</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Link put in notifications (the dashboard's GenAI page).</summary>
    public string? DashboardUrl { get; set; }

    /// <summary>Most notifications sent per minute across all rules; the rest are dropped and counted.</summary>
    public int MaxNotificationsPerMinute { get; set; } = 30;
}
