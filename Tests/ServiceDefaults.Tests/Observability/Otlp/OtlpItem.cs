namespace ServiceDefaults.Tests.Observability.Otlp;

/// <summary>One decoded span or metric with its resource's attributes (string, int, bool and double values as text).</summary>
/// <param name="Name">Span or metric name.</param>
/// <param name="Resource">Resource attributes.</param>
/// <param name="Attributes">Span attributes (empty for metrics).</param>
internal sealed record OtlpItem(string Name, IReadOnlyDictionary<string, string> Resource, IReadOnlyDictionary<string, string> Attributes);
