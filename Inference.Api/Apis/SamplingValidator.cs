using Inference.Api.Contracts;
using Inference.Api.Errors;
using Microsoft.Extensions.AI;

namespace Inference.Api.Apis;

/// <summary>Checks sampling parameters shared by both routes and turns them into <see cref="ChatOptions"/>.</summary>
internal static class SamplingValidator
{
    /// <summary>Largest top_k accepted; beyond it top-k sampling is the same as none.</summary>
    public const int MaxTopK = 1000;

    /// <summary>Validates and builds the options; throws <see cref="ApiErrorException"/> (422) naming the parameter.</summary>
    public static ChatOptions ToOptions(
        ApiOptions limits, int? maxTokens, string maxTokensName, double? temperature, int? topK, double? topP, long? seed, StopSequences? stop)
    {
        var max = maxTokens ?? limits.DefaultMaxTokens;
        Require(max >= 1 && max <= limits.MaxTokensLimit, maxTokensName, $"{maxTokensName} must be between 1 and {limits.MaxTokensLimit}, not {max}.");
        Require(temperature is null || (temperature >= 0 && temperature <= 2), "temperature", $"temperature must be between 0 and 2, not {temperature}.");
        Require(topK is null || (topK >= 0 && topK <= MaxTopK), "top_k", $"top_k must be between 0 (off) and {MaxTopK}, not {topK}.");
        Require(topP is null || (topP > 0 && topP <= 1), "top_p", $"top_p must be greater than 0 and at most 1, not {topP}.");
        var stops = stop?.Values ?? [];
        Require(stops.Count <= limits.MaxStopSequences, "stop", $"At most {limits.MaxStopSequences} stop sequences are allowed, not {stops.Count}.");
        foreach (var s in stops)
        {
            Require(s.Length >= 1 && s.Length <= limits.MaxStopLength, "stop", $"Each stop sequence must have 1 to {limits.MaxStopLength} characters.");
        }

        return new ChatOptions
        {
            MaxOutputTokens = max,
            Temperature = (float?)temperature,
            TopK = topK is 0 ? null : topK,
            TopP = (float?)topP,
            Seed = seed,
            StopSequences = stops.Count == 0 ? null : [.. stops],
        };
    }

    /// <summary>Throws a 422 for <paramref name="param"/> unless <paramref name="condition"/> holds.</summary>
    public static void Require(bool condition, string param, string message)
    {
        if (!condition)
        {
            throw new ApiErrorException(ApiError.Validation(message, param));
        }
    }
}
