using System.Diagnostics;

namespace Inference.Api.Telemetry;

/// <summary>
/// Everything the telemetry needs about one finished request, as a value: recording it allocates nothing
/// (strings are the request's own), and the background publisher turns it into a <c>RequestCompleted</c> event.
/// </summary>
internal readonly record struct RequestOutcome
{
    public required string RequestId { get; init; }
    /// <summary>The request's trace (default when none): kept as a value, turned into hex off the request path.</summary>
    public ActivityTraceId TraceId { get; init; }

    /// <summary>The span the request's telemetry belongs to (the inference span), for the log line.</summary>
    public ActivitySpanId SpanId { get; init; }
    public required string Model { get; init; }
    /// <summary><c>generate</c> or <c>chat_completions</c>.</summary>
    public required string Route { get; init; }
    /// <summary><c>text_completion</c> or <c>chat</c>.</summary>
    public required string Operation { get; init; }
    public bool Stream { get; init; }
    /// <summary><c>success</c>, <c>error</c> or <c>cancelled</c>.</summary>
    public required string Outcome { get; init; }
    public string? ErrorType { get; init; }
    public int Status { get; init; }
    public string? FinishReason { get; init; }

    /// <summary>Whether the answer was a refusal (see <see cref="RefusalDetector"/>).</summary>
    public bool Refusal { get; init; }
    public long StartedUnixMs { get; init; }
    public double LatencySeconds { get; init; }
    public double? TimeToFirstTokenSeconds { get; init; }
    public double? TimePerOutputTokenSeconds { get; init; }
    public double? QueueWaitSeconds { get; init; }
    public int InputTokens { get; init; }
    public int OutputTokens { get; init; }
    public double CostUsd { get; init; }
    public string? Tenant { get; init; }
    public string? UserHash { get; init; }
    public int PromptChars { get; init; }
    public string? PromptSha256Prefix { get; init; }
    public double? Temperature { get; init; }
    public int? TopK { get; init; }
    public double? TopP { get; init; }

    /// <summary>The prompt and completion texts, only when <see cref="ContentLogOptions.Log"/> is on (else null).</summary>
    public RequestContent? Content { get; init; }
}

/// <summary>What was asked and answered, kept for the opt-in, redacted content log line only.</summary>
internal sealed record RequestContent(string Prompt, string Completion);
