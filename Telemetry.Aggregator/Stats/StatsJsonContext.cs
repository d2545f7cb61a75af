using System.Text.Json.Serialization;
using Telemetry.Aggregator.Windows;

namespace Telemetry.Aggregator.Stats;

/// <summary>Source-generated JSON of the stats API: snake_case, as in the contract.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StatsSnapshot))]
[JsonSerializable(typeof(TimeseriesResponse))]
[JsonSerializable(typeof(TopResponse))]
[JsonSerializable(typeof(CostResponse))]
internal sealed partial class StatsJsonContext : JsonSerializerContext;
