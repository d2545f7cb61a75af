namespace Telemetry.Aggregator.Alerts;

/// <summary>
/// A Slack-compatible incoming-webhook body: <c>text</c> and one attachment with fields, plus the structured
/// <c>alert</c> for receivers that are not Slack.
/// </summary>
internal sealed record WebhookPayload(string Text, IReadOnlyList<WebhookAttachment> Attachments, AlertState Alert, string? DashboardUrl, string DedupeKey);

/// <summary>A Slack attachment.</summary>
internal sealed record WebhookAttachment(string Color, string Title, string? TitleLink, IReadOnlyList<WebhookField> Fields);

/// <summary>A Slack attachment field.</summary>
internal sealed record WebhookField(string Title, string Value, bool Short);
