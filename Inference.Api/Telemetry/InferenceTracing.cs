using System.Diagnostics;
using static Inference.Api.Telemetry.GenAiSemanticConventions;

namespace Inference.Api.Telemetry;

/// <summary>
/// The service's spans: one GenAI inference span per request (<c>{gen_ai.operation.name} {gen_ai.request.model}</c>,
/// kind INTERNAL because the model runs in this process, gen-ai-spans.md) under the ASP.NET Core server span, and
/// its children <c>tokenize</c>, <c>queue</c>, <c>prefill</c> and <c>decode</c> (one decode span per request, never
/// one per token). The source is traced (<c>AddInferenceTelemetry</c>) under the name <see cref="MeterName"/>.
/// Prompt and completion text never go on a span.
/// </summary>
internal static class InferenceTracing
{
    /// <summary>The activity source (same name as the meter).</summary>
    public static readonly ActivitySource Source = new(MeterName);

    /// <summary>Child span: the prompt rendered and encoded to token ids.</summary>
    public const string Tokenize = "tokenize";

    /// <summary>Child span: the wait for a generator slot in the admission queue.</summary>
    public const string Queue = "queue";

    /// <summary>Child span: the prompt's forward pass, up to the first output token.</summary>
    public const string Prefill = "prefill";

    /// <summary>Child span: the token-by-token loop after the first token.</summary>
    public const string Decode = "decode";

    /// <summary>Token count of a prefill or decode span (our own attribute).</summary>
    public const string AttrTokens = "inference.tokens";

    /// <summary>
    /// Starts the request's inference span under the current (server) span, or returns null when nobody listens.
    /// The name is only built when a listener exists, so an untraced request allocates nothing here.
    /// </summary>
    public static Activity? StartRequest(string operation, string model)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(string.Concat(operation, " ", model), ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(AttrOperationName, operation);
            activity.SetTag(AttrProviderName, ProviderName);
            activity.SetTag(AttrRequestModel, model);
        }

        return activity;
    }

    /// <summary>
    /// Starts a child of <paramref name="parent"/> (the span current when the work began). Callers restore
    /// <see cref="Activity.Current"/> with <see cref="Stop"/>, so an async iterator that starts a span in one
    /// <c>MoveNextAsync</c> and ends it in another never leaves the wrong span current.
    /// </summary>
    public static Activity? StartChild(string name, Activity? parent) =>
        parent is null ? null : Source.StartActivity(name, ActivityKind.Internal, parent.Context);

    /// <summary>Ends a child span and makes <paramref name="restore"/> current again.</summary>
    public static void Stop(Activity? child, Activity? restore)
    {
        if (child is null)
        {
            return;
        }

        child.Stop();
        Activity.Current = restore;
    }
}
