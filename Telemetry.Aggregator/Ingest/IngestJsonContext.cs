using System.Text.Json.Serialization;

namespace Telemetry.Aggregator.Ingest;

/// <summary>Source-generated JSON for what the consumer writes itself.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(DeadLetterRecord))]
internal sealed partial class IngestJsonContext : JsonSerializerContext;
