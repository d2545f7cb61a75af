namespace Telemetry.Aggregator.Alerts;

/// <summary>Alerting log messages (source-generated).</summary>
internal static partial class AlertLog
{
    [LoggerMessage(20, LogLevel.Warning, "Alert {Key} is {State}: {Text}")]
    public static partial void Transition(ILogger logger, string key, string state, string text);

    [LoggerMessage(21, LogLevel.Warning, "Webhook {Webhook} refused a notification ({Reason}), attempt {Attempt}.")]
    public static partial void WebhookFailed(ILogger logger, string webhook, string reason, int attempt);

    [LoggerMessage(22, LogLevel.Warning, "Notification for {Key} ({State}) dropped: notification rate limit reached.")]
    public static partial void RateLimited(ILogger logger, string key, string state);

    [LoggerMessage(23, LogLevel.Warning, "Alert evaluation failed: {Reason}")]
    public static partial void EvaluationFailed(ILogger logger, string reason);
}
