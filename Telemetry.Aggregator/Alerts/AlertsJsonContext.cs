using System.Text.Json.Serialization;

namespace Telemetry.Aggregator.Alerts;

/// <summary>Source-generated JSON of alert states, notifications and the alerts API (snake_case).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AlertState))]
[JsonSerializable(typeof(AlertNotification))]
[JsonSerializable(typeof(AlertsResponse))]
[JsonSerializable(typeof(RulesResponse))]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class AlertsJsonContext : JsonSerializerContext;
