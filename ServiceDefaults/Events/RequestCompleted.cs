namespace ServiceDefaults.Events;

/// <summary>
/// A finished inference request, successful or not. Privacy: no prompt or completion text, only lengths,
/// a short hash of the prompt, and hashed user/key identities.
/// </summary>
public sealed record RequestCompleted : TelemetryEvent
{
    /// <summary>The request id (also in the <c>X-Request-ID</c> header and the logs).</summary>
    public required string RequestId { get; init; }

    /// <summary>W3C trace id of the request's span, when traced.</summary>
    public string? TraceId { get; init; }

    /// <summary>Model name as served.</summary>
    public required string Model { get; init; }

    /// <summary>Route kind: <c>generate</c> or <c>chat_completions</c>.</summary>
    public required string Route { get; init; }

    /// <summary>GenAI operation name: <c>text_completion</c> or <c>chat</c>.</summary>
    public required string Operation { get; init; }

    /// <summary>Whether the response was streamed.</summary>
    public bool Stream { get; init; }

    /// <summary><c>success</c>, <c>error</c> or <c>cancelled</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>Error kind when <see cref="Outcome"/> is <c>error</c> (e.g. <c>validation</c>, <c>timeout</c>, <c>overloaded</c>).</summary>
    public string? ErrorType { get; init; }

    /// <summary>HTTP status returned.</summary>
    public int Status { get; init; }

    /// <summary><c>stop</c>, <c>length</c> or <c>cancelled</c> when generation ran.</summary>
    public string? FinishReason { get; init; }

    /// <summary>Start of the request, Unix milliseconds (UTC).</summary>
    public long StartedUnixMs { get; init; }

    /// <summary>End-to-end latency in milliseconds.</summary>
    public double LatencyMs { get; init; }

    /// <summary>Time from arrival to the first output token, in milliseconds.</summary>
    public double? TtftMs { get; init; }

    /// <summary>Mean time per output token after the first, in milliseconds.</summary>
    public double? TpotMs { get; init; }

    /// <summary>Time spent waiting in the admission queue, in milliseconds.</summary>
    public double? QueueWaitMs { get; init; }

    /// <summary>Prompt tokens.</summary>
    public int InputTokens { get; init; }

    /// <summary>Generated tokens.</summary>
    public int OutputTokens { get; init; }

    /// <summary>Estimated cost in US dollars from the configured price table.</summary>
    public double CostUsd { get; init; }

    /// <summary>Tenant the request is billed to (from the API key), or null.</summary>
    public string? Tenant { get; init; }

    /// <summary>Salted hash of the end user's id (OpenAI <c>user</c>), never the id itself.</summary>
    public string? UserHash { get; init; }

    /// <summary>Length of the prompt in characters.</summary>
    public int PromptChars { get; init; }

    /// <summary>First hex characters of the prompt's SHA-256, to spot repeats without storing text.</summary>
    public string? PromptSha256Prefix { get; init; }

    /// <summary>
    /// True when the answer was a refusal: the finish reason says so (<c>content_filter</c>) or the text matched a
    /// configured refusal phrase. The text itself is never carried.
    /// </summary>
    public bool Refusal { get; init; }

    /// <summary>Sampling temperature requested, if any.</summary>
    public double? Temperature { get; init; }

    /// <summary>Top-k requested, if any.</summary>
    public int? TopK { get; init; }

    /// <summary>Top-p requested, if any.</summary>
    public double? TopP { get; init; }
}
