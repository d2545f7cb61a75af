namespace Inference.Api;

/// <summary>Every log message of Inference.Api, source-generated, with fixed event ids (house style point 10).</summary>
internal static partial class InferenceLog
{
    // Privacy: the prompt appears only as its length and a SHA-256 prefix, the user only as a salted hash.
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information,
        Message = "Request {RequestId} {Route} -> {Status} {Outcome} {ErrorType} model={Model} latency_ms={LatencyMs:F1} ttft_ms={TtftMs:F1} tokens_in={InputTokens} tokens_out={OutputTokens} prompt_chars={PromptChars} prompt_sha256={PromptSha256} user={UserHash} finish={FinishReason} trace={TraceId} span={SpanId}")]
    public static partial void RequestCompleted(
        ILogger logger, string requestId, string route, int status, string outcome, string? errorType, string model,
        double latencyMs, double ttftMs, int inputTokens, int outputTokens, int promptChars, string? promptSha256, string? userHash, string? finishReason, string? traceId, string? spanId);

    // Only when Telemetry:Content:Log is on, and only after ContentRedactor: never the raw text.
    [LoggerMessage(EventId = 1002, Level = LogLevel.Information,
        Message = "Request {RequestId} content (redacted): prompt={Prompt} completion={Completion} trace={TraceId}")]
    public static partial void RequestContent(ILogger logger, string requestId, string prompt, string completion, string? traceId);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Model {Model} loaded from {Path} by the {Engine} engine on {Provider} in {LoadMs:F0} ms")]
    public static partial void ModelLoaded(ILogger logger, string model, string path, string engine, string provider, double loadMs);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Telemetry event sink unavailable, spooling events locally: {Reason}")]
    public static partial void EventSinkUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Telemetry event sink reachable again; spooled events replayed")]
    public static partial void EventSinkRecovered(ILogger logger);
}
