using System.Diagnostics;
using Microsoft.Extensions.AI;
using static Inference.Api.Telemetry.GenAiSemanticConventions;

namespace Inference.Api.Telemetry;

/// <summary>
/// GenAI semantic-convention attributes of the inference span (gen-ai-spans.md), set only when the span records:
/// request parameters once the request is valid, response facts and timings when it ends, <c>error.type</c> and
/// an Error status when it fails (the Recording Errors convention). Text is never recorded.
/// </summary>
internal static class InferenceSpanTags
{
    public const string AttrMaxTokens = "gen_ai.request.max_tokens";
    public const string AttrTemperature = "gen_ai.request.temperature";
    public const string AttrTopP = "gen_ai.request.top_p";
    public const string AttrTopK = "gen_ai.request.top_k";
    public const string AttrSeed = "gen_ai.request.seed";
    public const string AttrResponseId = "gen_ai.response.id";
    public const string AttrFinishReasons = "gen_ai.response.finish_reasons";
    public const string AttrInputTokens = "gen_ai.usage.input_tokens";
    public const string AttrOutputTokens = "gen_ai.usage.output_tokens";

    /// <summary>Our own timing attributes (milliseconds), next to the conventions' names.</summary>
    public const string AttrTimeToFirstTokenMs = "inference.time_to_first_token_ms";
    public const string AttrTimePerOutputTokenMs = "inference.time_per_output_token_ms";
    public const string AttrQueueWaitMs = "inference.queue_wait_ms";
    public const string AttrStream = "inference.stream";

    /// <summary>The parameters the caller gave (absent ones are not set).</summary>
    public static void Request(Activity? span, ChatOptions options, bool stream)
    {
        if (span is not { IsAllDataRequested: true })
        {
            return;
        }

        span.SetTag(AttrStream, stream);
        SetIf(span, AttrMaxTokens, options.MaxOutputTokens);
        SetIf(span, AttrTemperature, options.Temperature);
        SetIf(span, AttrTopP, options.TopP);
        // The conventions type top_k as a double.
        SetIf<double>(span, AttrTopK, options.TopK is { } k ? k : null);
        SetIf(span, AttrSeed, options.Seed);
    }

    /// <summary>What the model produced; a cancelled generation is marked as an error of type <c>cancelled</c>.</summary>
    public static void Completed(Activity? span, in RequestOutcome outcome, string responseId)
    {
        if (span is not { IsAllDataRequested: true })
        {
            return;
        }

        span.SetTag(AttrResponseModel, outcome.Model);
        span.SetTag(AttrResponseId, responseId);
        if (outcome.FinishReason is { } reason)
        {
            span.SetTag(AttrFinishReasons, new[] { reason });
        }

        span.SetTag(AttrInputTokens, outcome.InputTokens);
        span.SetTag(AttrOutputTokens, outcome.OutputTokens);
        SetIf(span, AttrTimeToFirstTokenMs, outcome.TimeToFirstTokenSeconds * 1000);
        SetIf(span, AttrTimePerOutputTokenMs, outcome.TimePerOutputTokenSeconds * 1000);
        SetIf(span, AttrQueueWaitMs, outcome.QueueWaitSeconds * 1000);
        if (outcome.ErrorType is { } error)
        {
            Failed(span, error);
        }
    }

    /// <summary>A refused or failed request: <c>error.type</c> is the API error code.</summary>
    public static void Failed(Activity? span, string errorType)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag(AttrErrorType, errorType);
        span.SetStatus(ActivityStatusCode.Error, errorType);
    }

    private static void SetIf<T>(Activity span, string name, T? value)
        where T : struct
    {
        if (value is { } v)
        {
            span.SetTag(name, v);
        }
    }
}
