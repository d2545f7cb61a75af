using System.Diagnostics;
using Inference.Api.Errors;
using Inference.Api.Generation;
using Inference.Api.Telemetry;

namespace Inference.Api.Apis;

/// <summary>
/// Builds the telemetry record of a request from its start, its call and how it ended, and owns the request's
/// inference span (ended by <see cref="Dispose"/> when the handler returns, so it covers the response write).
/// </summary>
internal readonly record struct OutcomeBuilder(
    InferenceEndpointServices Services, HttpContext Context, string Route, string Operation, long StartTimestamp, long StartedUnixMs, Activity? Span)
    : IDisposable
{
    /// <summary>Starts timing a request now and opens its inference span under the server span.</summary>
    public static OutcomeBuilder Start(InferenceEndpointServices services, HttpContext context, string route, string operation) =>
        new(services, context, route, operation, Stopwatch.GetTimestamp(), services.Time.GetUtcNow().ToUnixTimeMilliseconds(),
            InferenceTracing.StartRequest(operation, services.Runner.ModelName));

    /// <summary>The request passed validation: its parameters go on the span.</summary>
    public void Accepted(GenerationCall call) => InferenceSpanTags.Request(Span, call.Options, call.Stream);

    /// <summary>
    /// Marks the span of a request that failed with an unexpected exception: <c>error.type</c> is the exception's
    /// type, as the conventions say (the exception handler then answers 500).
    /// </summary>
    public void Crashed(Exception exception) => InferenceSpanTags.Failed(Span, exception.GetType().FullName ?? "_OTHER");

    /// <summary>Ends the inference span.</summary>
    public void Dispose() => Span?.Dispose();

    /// <summary>Seconds since the request arrived.</summary>
    public double Elapsed => Stopwatch.GetElapsedTime(StartTimestamp).TotalSeconds;

    /// <summary>Records a generation that ran (finished, hit its limit, or was cancelled by the client).</summary>
    public RequestOutcome Completed(GenerationCall call, GenerationResult result, int status)
    {
        var latency = Elapsed;
        var model = Services.Runner.ModelName;
        var cancelled = result.FinishReason == FinishReasons.Cancelled;
        var outcome = new RequestOutcome
        {
            RequestId = call.RequestId,
            TraceId = Activity.Current?.TraceId ?? default,
            SpanId = Activity.Current?.SpanId ?? default,
            Model = model,
            Route = Route,
            Operation = Operation,
            Stream = call.Stream,
            Outcome = cancelled ? "cancelled" : "success",
            ErrorType = cancelled ? "cancelled" : null,
            Status = status,
            FinishReason = result.FinishReason,
            StartedUnixMs = StartedUnixMs,
            LatencySeconds = latency,
            TimeToFirstTokenSeconds = result.TimeToFirstTokenSeconds,
            TimePerOutputTokenSeconds = result.TimePerOutputTokenSeconds,
            QueueWaitSeconds = result.QueueWaitSeconds,
            InputTokens = result.InputTokens,
            OutputTokens = result.OutputTokens,
            CostUsd = Services.Pricing.Cost(model, result.InputTokens, result.OutputTokens, latency - result.QueueWaitSeconds),
            Tenant = call.Tenant,
            UserHash = call.UserHash,
            PromptChars = call.PromptChars,
            PromptSha256Prefix = call.PromptSha256Prefix,
            Temperature = call.Options.Temperature,
            TopK = call.Options.TopK,
            TopP = call.Options.TopP,
            Refusal = !cancelled && Services.Refusals.IsRefusal(result.Text, result.FinishReason),
            Content = Services.ContentLog.Log ? new RequestContent(PromptText(call), result.Text) : null,
        };
        Services.Telemetry.Record(outcome);
        InferenceSpanTags.Completed(Span, outcome, Span is { IsAllDataRequested: true } && Route == ChatCompletionsApi.Route
            ? ChatCompletionsApi.ResponseIdPrefix + call.RequestId
            : call.RequestId);
        return outcome;
    }

    /// <summary>The prompt as the content log shows it: the text of a <c>/generate</c> call, or one "role: text" line per chat message.</summary>
    private static string PromptText(GenerationCall call) =>
        call.Route == "generate" && call.Messages.Count == 1
            ? call.Messages[0].Text
            : string.Join('\n', call.Messages.Select(m => m.Role.Value + ": " + m.Text));

    /// <summary>Records a refused or failed request.</summary>
    public void Failed(ApiError error)
    {
        InferenceSpanTags.Failed(Span, error.Code);
        Services.Telemetry.Record(new RequestOutcome
        {
            RequestId = RequestId.Of(Context),
            TraceId = Activity.Current?.TraceId ?? default,
            SpanId = Activity.Current?.SpanId ?? default,
            Model = Services.Runner.ModelName,
            Route = Route,
            Operation = Operation,
            Outcome = "error",
            ErrorType = error.Code,
            Status = error.Status,
            StartedUnixMs = StartedUnixMs,
            LatencySeconds = Elapsed,
        });
    }
}
