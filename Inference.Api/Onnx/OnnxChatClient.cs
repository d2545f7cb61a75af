using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Inference.Api.Generation;
using Inference.Api.Telemetry;
using Microsoft.Extensions.AI;

namespace Inference.Api.Onnx;

/// <summary>
/// The model as an <see cref="IChatClient"/>, the only seam the endpoints see: renders the chat template, enforces
/// the context budget, samples per <see cref="ChatOptions"/>, stops on end-of-sequence ids and stop strings (holding
/// back text that could still become one), and ends with the usage, the finish reason and the engine's timings.
/// The same client over either engine (<see cref="IModelEngine"/>): only the token stream differs.
/// </summary>
internal sealed class OnnxChatClient(IModelEngine engine) : IChatClient
{
    /// <summary>ChatOptions.AdditionalProperties key: the single message is the model input as is, no template.</summary>
    public const string RawPromptOption = "raw_prompt";

    /// <summary>Key of the prefill time (ms) in the final update's AdditionalProperties.</summary>
    public const string PrefillMsProperty = "prefill_ms";

    /// <summary>Key of the mean decode time per token (ms) in the final update's AdditionalProperties.</summary>
    public const string DecodeMsPerTokenProperty = "decode_ms_per_token";

    /// <summary>Output budget when the caller sets none.</summary>
    public const int DefaultMaxTokens = 256;

    private readonly ChatClientMetadata _metadata = new(engine.ProviderName, null, engine.Model.Name);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse();
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var model = engine.Model;
        // Spans hang under whatever was current when generation was asked for (the request's inference span).
        var parent = Activity.Current;
        var tokenize = InferenceTracing.StartChild(InferenceTracing.Tokenize, parent);
        int[] prompt;
        try
        {
            prompt = PromptBuilder.Build(model, messages, options?.AdditionalProperties?.ContainsKey(RawPromptOption) == true);
            tokenize?.SetTag(InferenceTracing.AttrTokens, prompt.Length);
        }
        finally
        {
            InferenceTracing.Stop(tokenize, parent);
        }

        var maxTokens = options?.MaxOutputTokens ?? Math.Max(1, Math.Min(DefaultMaxTokens, model.Config.ContextLength - prompt.Length));
        if (prompt.Length + maxTokens > model.Config.ContextLength)
        {
            throw new PromptTooLongException(prompt.Length, model.Config.ContextLength, maxTokens);
        }

        var stops = options?.StopSequences is { Count: > 0 } s ? s : null;
        var responseId = Guid.CreateVersion7().ToString("N");
        var decoder = model.Tokenizer.CreateStreamDecoder();
        var pending = new StringBuilder();
        var produced = 0;
        string? finish = null;
        var start = Stopwatch.GetTimestamp();
        long firstToken = 0;
        await Task.Yield(); // generation is CPU work: never run it on the caller's synchronous path
        var prefill = InferenceTracing.StartChild(InferenceTracing.Prefill, parent);
        prefill?.SetTag(InferenceTracing.AttrTokens, prompt.Length);
        Activity? decode = null;
        try
        {
            await foreach (var token in engine.GenerateAsync(prompt, maxTokens, Sampling(options), cancellationToken))
            {
                if (firstToken == 0)
                {
                    firstToken = Stopwatch.GetTimestamp();
                    InferenceTracing.Stop(prefill, parent);
                    prefill = null;
                    decode = InferenceTracing.StartChild(InferenceTracing.Decode, parent);
                }

                produced++;
                finish = token.FinishReason;
                pending.Append(decoder.Append(token.Id));
                if (finish is not null)
                {
                    pending.Append(decoder.Flush());
                }

                var (emit, stopped) = StopStrings.Split(pending, stops, final: finish is not null);
                if (emit.Length > 0)
                {
                    yield return new ChatResponseUpdate(ChatRole.Assistant, emit) { ResponseId = responseId, ModelId = model.Name };
                }

                if (stopped)
                {
                    finish = FinishReasons.Stop;
                    break;
                }
            }
        }
        finally
        {
            // One decode span for the whole loop, carrying the count: never a span per token.
            decode?.SetTag(InferenceTracing.AttrTokens, produced);
            if (finish is null)
            {
                // Left early: the client went away or the engine failed.
                InferenceSpanTags.Failed(decode ?? prefill, cancellationToken.IsCancellationRequested ? FinishReasons.Cancelled : "generation_failed");
            }

            InferenceTracing.Stop(prefill, parent);
            InferenceTracing.Stop(decode, parent);
        }

        var end = Stopwatch.GetTimestamp();
        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = responseId,
            ModelId = model.Name,
            FinishReason = finish == FinishReasons.Length ? ChatFinishReason.Length : ChatFinishReason.Stop,
            Contents = [new UsageContent(new UsageDetails { InputTokenCount = prompt.Length, OutputTokenCount = produced, TotalTokenCount = prompt.Length + produced })],
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [PrefillMsProperty] = firstToken == 0 ? 0 : Stopwatch.GetElapsedTime(start, firstToken).TotalMilliseconds,
                [DecodeMsPerTokenProperty] = produced > 1 ? Stopwatch.GetElapsedTime(firstToken, end).TotalMilliseconds / (produced - 1) : 0,
            },
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType.IsInstanceOfType(engine) ? engine
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    private SamplingSettings Sampling(ChatOptions? options)
    {
        var search = engine.Model.Config.Search;
        var sample = search.DoSample;
        var penalty = options?.AdditionalProperties?.TryGetValue("repetition_penalty", out var rp) == true && rp is float or double
            ? Convert.ToSingle(rp, System.Globalization.CultureInfo.InvariantCulture)
            : (float)search.RepetitionPenalty;
        return new SamplingSettings(
            options?.Temperature ?? (sample ? (float)search.Temperature : 0),
            options?.TopK ?? (sample ? search.TopK : 0),
            options?.TopP ?? (float)search.TopP,
            penalty,
            options?.Seed);
    }
}
