using System.Text.Json.Serialization;

namespace ServiceDefaults.Events;

/// <summary>Source-generated JSON for the telemetry events: snake_case, nulls omitted, no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TelemetryEvent))]
public sealed partial class TelemetryEventJsonContext : JsonSerializerContext;
