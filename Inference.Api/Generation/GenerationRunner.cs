using System.Diagnostics;
using System.Text;
using Inference.Api.Admission;
using Inference.Api.Errors;
using Inference.Api.Telemetry;
using Microsoft.Extensions.AI;

namespace Inference.Api.Generation;

/// <summary>
/// Runs a validated call through admission and the model's <see cref="IChatClient"/>, always streaming
/// internally so time to first token and time per output token are measured where the user sees them.
/// A client that goes away cancels generation; the result then says <c>cancelled</c>.
/// </summary>
internal sealed class GenerationRunner(IChatClient chat, AdmissionQueue admission, RequestTelemetry telemetry)
{
    /// <summary>The model's name as the chat client reports it.</summary>
    public string ModelName { get; } = chat.GetService<ChatClientMetadata>()?.DefaultModelId ?? "unknown";

    /// <summary>
    /// Generates, calling <paramref name="onDelta"/> for each text piece. Throws <see cref="ApiErrorException"/>
    /// (429) when the admission queue is full. <paramref name="startTimestamp"/> is the request's arrival.
    /// </summary>
    public async Task<GenerationResult> RunAsync(
        GenerationCall call, long startTimestamp, Func<string, CancellationToken, ValueTask>? onDelta, CancellationToken cancellationToken)
    {
        var metrics = telemetry.Metrics;
        var span = Activity.Current;
        var queue = InferenceTracing.StartChild(InferenceTracing.Queue, span);
        bool admitted;
        double queueWait;
        try
        {
            (admitted, queueWait) = await admission.EnterAsync(d => metrics.QueuedChanged(d, ModelName), cancellationToken);
            if (!admitted)
            {
                InferenceSpanTags.Failed(queue, "overloaded");
            }
        }
        finally
        {
            InferenceTracing.Stop(queue, span);
        }

        if (!admitted)
        {
            throw new ApiErrorException(ApiError.Overloaded(admission.RetryAfterSeconds));
        }

        metrics.ActiveChanged(1, ModelName);
        var text = new StringBuilder();
        long firstToken = 0, lastToken = 0;
        var pieces = 0;
        UsageDetails? usage = null;
        string? finishReason = null;
        try
        {
            await foreach (var update in chat.GetStreamingResponseAsync(call.Messages, call.Options, cancellationToken))
            {
                foreach (var content in update.Contents)
                {
                    if (content is UsageContent u)
                    {
                        usage = u.Details;
                    }
                }

                if (update.FinishReason is { } reason)
                {
                    finishReason = FinishReasons.From(reason);
                }

                var piece = update.Text;
                if (piece.Length == 0)
                {
                    continue;
                }

                lastToken = Stopwatch.GetTimestamp();
                if (pieces++ == 0)
                {
                    firstToken = lastToken;
                }

                text.Append(piece);
                if (onDelta is not null)
                {
                    await onDelta(piece, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            finishReason = FinishReasons.Cancelled;
        }
        catch (Onnx.PromptTooLongException e)
        {
            throw new ApiErrorException(ApiError.TooLarge(e.Message, call.Route == "generate" ? "prompt" : "messages"));
        }
        finally
        {
            admission.Exit();
            metrics.ActiveChanged(-1, ModelName);
        }

        var outputTokens = (int)(usage?.OutputTokenCount ?? pieces);
        return new GenerationResult(
            text.ToString(),
            finishReason ?? FinishReasons.Stop,
            (int)(usage?.InputTokenCount ?? 0),
            outputTokens,
            pieces == 0 ? null : Stopwatch.GetElapsedTime(startTimestamp, firstToken).TotalSeconds,
            outputTokens > 1 && pieces > 1 ? Stopwatch.GetElapsedTime(firstToken, lastToken).TotalSeconds / (outputTokens - 1) : null,
            queueWait);
    }
}
