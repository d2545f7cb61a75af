using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Inference.Api.Generation;
using Inference.Api.Onnx;
using Inference.Api.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Inference.Api.GenAi;

/// <summary>
/// ONNX Runtime GenAI as an <see cref="IChatClient"/> with the same contract as <see cref="OnnxChatClient"/>. Our
/// adapter over <see cref="Generator"/> rather than GenAI's own <c>OnnxRuntimeGenAIChatClient</c>, which matches stop
/// sequences only against single tokens (no holdback), reports neither timings nor an end-of-sequence finish, cannot
/// take a raw prompt, and cannot abort a running step. The prompt comes from our template and tokenizer, the text
/// from our stream decoder; GenAI runs the model, the KV cache and the search.
/// </summary>
internal sealed class GenAiChatClient(GenAiEngine engine) : IChatClient
{
    /// <summary>Our <c>gen_ai.provider.name</c> for this engine.</summary>
    public const string ProviderName = "onnxruntime-genai";

    private readonly ChatClientMetadata _metadata = new(ProviderName, null, engine.Model.Name);

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
        var parent = Activity.Current;
        var tokenize = InferenceTracing.StartChild(InferenceTracing.Tokenize, parent);
        int[] prompt;
        try
        {
            prompt = PromptBuilder.Build(model, messages, options?.AdditionalProperties?.ContainsKey(OnnxChatClient.RawPromptOption) == true);
            tokenize?.SetTag(InferenceTracing.AttrTokens, prompt.Length);
        }
        finally
        {
            InferenceTracing.Stop(tokenize, parent);
        }

        var context = model.Config.ContextLength;
        var maxTokens = options?.MaxOutputTokens ?? Math.Max(1, Math.Min(OnnxChatClient.DefaultMaxTokens, context - prompt.Length));
        if (prompt.Length + maxTokens > context)
        {
            throw new PromptTooLongException(prompt.Length, context, maxTokens);
        }

        var stops = options?.StopSequences is { Count: > 0 } s ? s : null;
        var eos = model.Config.EosTokenIds;
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
        using var generatorParams = new GeneratorParams(engine.GenAiModel);
        Search(generatorParams, OnnxChatClient.Sampling(model, options), prompt.Length + maxTokens, model.Config.VocabSize);
        using var generator = new Generator(engine.GenAiModel, generatorParams);
        // Aborts a step that is running when the caller goes away, as our engine's RunOptions.Terminate does.
        using var abort = cancellationToken.Register(static g => ((Generator)g!).SetRuntimeOption("terminate_session", "1"), generator);
        try
        {
            while (finish is null)
            {
                var token = Step(generator, prompt, produced == 0, cancellationToken);
                if (firstToken == 0)
                {
                    firstToken = Stopwatch.GetTimestamp();
                    InferenceTracing.Stop(prefill, parent);
                    prefill = null;
                    decode = InferenceTracing.StartChild(InferenceTracing.Decode, parent);
                }

                produced++;
                // The same rule as our generator: an end-of-sequence id counts as an output token and ends with stop.
                finish = eos.Contains(token) ? FinishReasons.Stop
                    : produced >= maxTokens || prompt.Length + produced >= context ? FinishReasons.Length
                    : null;
                pending.Append(decoder.Append(token));
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
                }
            }
        }
        finally
        {
            decode?.SetTag(InferenceTracing.AttrTokens, produced);
            if (finish is null)
            {
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
                [OnnxChatClient.PrefillMsProperty] = firstToken == 0 ? 0 : Stopwatch.GetElapsedTime(start, firstToken).TotalMilliseconds,
                [OnnxChatClient.DecodeMsPerTokenProperty] = produced > 1 ? Stopwatch.GetElapsedTime(firstToken, end).TotalMilliseconds / (produced - 1) : 0,
            },
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType == typeof(GenAiEngine) ? engine
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    // The first step runs the prompt (prefill) and samples from its logits; each later one runs the last token.
    private static int Step(Generator generator, int[] prompt, bool first, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            if (first)
            {
                generator.AppendTokens(prompt);
            }

            generator.GenerateNextToken();
            return generator.GetNextTokens()[0];
        }
        catch (OnnxRuntimeGenAIException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    // Our sampling settings in GenAI's search options. Temperature 0 (or top-k 1) is greedy; GenAI's top_k 0 is not
    // "off", so the whole vocabulary stands for it. A seed gives repeatable samples on this engine, not the same
    // samples as our engine (different random generators).
    private static void Search(GeneratorParams search, SamplingSettings sampling, int maxLength, int vocabSize)
    {
        search.SetSearchOption("max_length", maxLength);
        search.SetSearchOption("repetition_penalty", sampling.RepetitionPenalty);
        if (sampling.Temperature <= 0 || sampling.TopK == 1)
        {
            search.SetSearchOption("do_sample", false);
            return;
        }

        search.SetSearchOption("do_sample", true);
        search.SetSearchOption("temperature", sampling.Temperature);
        search.SetSearchOption("top_k", sampling.TopK > 0 ? sampling.TopK : vocabSize);
        search.SetSearchOption("top_p", sampling.TopP);
        if (sampling.Seed is { } seed)
        {
            search.SetSearchOption("random_seed", seed & int.MaxValue);
        }
    }
}
