namespace Inference.Api.Generation;

/// <summary>How the next token is chosen. Temperature 0 is greedy; TopK 0 and TopP 1 switch those filters off.</summary>
internal sealed record SamplingSettings(float Temperature, int TopK, float TopP, float RepetitionPenalty, long? Seed)
{
    /// <summary>Greedy decoding, no penalties.</summary>
    public static SamplingSettings Greedy { get; } = new(0, 0, 1, 1, null);
}
