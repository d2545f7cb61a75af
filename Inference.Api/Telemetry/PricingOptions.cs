namespace Inference.Api.Telemetry;

/// <summary>Price table (section <c>Pricing</c>): per model, per 1 000 tokens and/or per second of compute.</summary>
public sealed class PricingOptions
{
    /// <summary>Prices by model name; a model without an entry costs nothing.</summary>
    public Dictionary<string, ModelPrice> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Estimated cost of one request in US dollars.</summary>
    public double Cost(string model, int inputTokens, int outputTokens, double computeSeconds) =>
        Models.TryGetValue(model, out var price)
            ? (inputTokens / 1000.0 * price.InputPer1K) + (outputTokens / 1000.0 * price.OutputPer1K) + (computeSeconds * price.PerSecond)
            : 0;
}

/// <summary>One model's prices in US dollars.</summary>
public sealed class ModelPrice
{
    /// <summary>Per 1 000 input tokens.</summary>
    public double InputPer1K { get; set; }

    /// <summary>Per 1 000 output tokens.</summary>
    public double OutputPer1K { get; set; }

    /// <summary>Per second of generation (self-hosted models priced by compute).</summary>
    public double PerSecond { get; set; }
}
