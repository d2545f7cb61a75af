using Microsoft.Extensions.AI;

namespace Inference.Api.Generation;

/// <summary>One validated request, ready for the model.</summary>
internal sealed record GenerationCall(
    string RequestId,
    string Route,
    string Operation,
    bool Stream,
    IList<ChatMessage> Messages,
    ChatOptions Options,
    int PromptChars,
    string PromptSha256Prefix,
    string? UserHash,
    string? Tenant);

/// <summary>What a generation produced, with the timings telemetry needs (seconds).</summary>
internal sealed record GenerationResult(
    string Text,
    string FinishReason,
    int InputTokens,
    int OutputTokens,
    double? TimeToFirstTokenSeconds,
    double? TimePerOutputTokenSeconds,
    double QueueWaitSeconds);
