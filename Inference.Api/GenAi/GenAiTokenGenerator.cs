using Inference.Api.Generation;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Inference.Api.GenAi;

/// <summary>
/// One sequence on ONNX Runtime GenAI: a <see cref="Generator"/> per request over the shared <see cref="Model"/>,
/// fed our prompt ids, stepping with <see cref="Generator.GenerateNextToken"/>. The same rules as our
/// <see cref="TokenGenerator"/>: an end-of-sequence id is yielded and ends with <c>stop</c>; max tokens or the context
/// length end with <c>length</c>; cancellation aborts even a running step (GenAI's <c>terminate_session</c>).
/// </summary>
internal static class GenAiTokenGenerator
{
    public static IEnumerable<GeneratedToken> Generate(GenAiEngine engine, int[] prompt, int maxNewTokens, SamplingSettings sampling, CancellationToken cancellationToken)
    {
        var config = engine.Model.Config;
        using var search = new GeneratorParams(engine.GenAiModel);
        Search(search, sampling, Math.Min(prompt.Length + maxNewTokens, config.ContextLength), config.VocabSize);
        using var generator = new Generator(engine.GenAiModel, search);
        using var abort = cancellationToken.Register(static g => ((Generator)g!).SetRuntimeOption("terminate_session", "1"), generator);
        var produced = 0;
        while (true)
        {
            var token = Step(generator, prompt, produced == 0, cancellationToken);
            produced++;
            var finish = config.EosTokenIds.Contains(token) ? FinishReasons.Stop
                : produced >= maxNewTokens || prompt.Length + produced >= config.ContextLength ? FinishReasons.Length
                : null;
            yield return new GeneratedToken(token, finish);
            if (finish is not null)
            {
                yield break;
            }
        }
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

    // Our sampling settings as GenAI search options. Temperature 0 (or top-k 1) is greedy; GenAI's top_k 0 is not
    // "off", so the whole vocabulary stands for it. A seed repeats samples on this engine, not our engine's samples
    // (different random generators).
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
