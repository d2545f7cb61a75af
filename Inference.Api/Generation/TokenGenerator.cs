using Inference.Api.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Inference.Api.Generation;

/// <summary>
/// Generates one sequence: prefill the prompt in one Run, then one token per Run on the KV cache (the present
/// outputs are fed back as the next past inputs, never copied). Stops at an end-of-sequence id (<c>stop</c>),
/// at max tokens or the context length (<c>length</c>). Cancellation aborts even a running step.
/// </summary>
internal sealed class TokenGenerator(DecoderSession session)
{
    /// <summary>Yields generated token ids; the final one says why generation ended.</summary>
    public IEnumerable<GeneratedToken> Generate(int[] prompt, int maxNewTokens, SamplingSettings sampling, CancellationToken cancellationToken)
    {
        var config = session.Config;
        var vocab = config.VocabSize;
        var sampler = new Sampler(sampling);
        var logits = new float[vocab];
        var history = new List<int>(prompt);
        using var runOptions = new RunOptions();
        using var abort = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);

        var length = prompt.Length;
        var ids = Array.ConvertAll(prompt, static t => (long)t);
        var mask = Ones(length);
        var positions = Range(0, length);
        var step = Step(ids, mask, positions, 1, length, null, runOptions, cancellationToken);
        var produced = 0;
        try
        {
            while (true)
            {
                step.CopyLogits(0, step.SequenceLength - 1, step.SequenceLength, logits);
                var token = sampler.Next(logits, history);
                produced++;
                history.Add(token);
                var finish = config.EosTokenIds.Contains(token) ? FinishReasons.Stop
                    : produced >= maxNewTokens || length + 1 >= config.ContextLength ? FinishReasons.Length
                    : null;
                yield return new GeneratedToken(token, finish);
                if (finish is not null)
                {
                    yield break;
                }

                cancellationToken.ThrowIfCancellationRequested();
                var next = Step([token], Ones(length + 1), [length], 1, 1, step.Output.Presents, runOptions, cancellationToken);
                step.Dispose();
                step = next;
                length++;
            }
        }
        finally
        {
            step.Dispose();
        }
    }

    private RunningStep Step(long[] ids, long[] mask, long[] positions, int batch, int sequence, OrtValue[]? past, RunOptions runOptions, CancellationToken cancellationToken)
    {
        try
        {
            return new RunningStep(session.Run(ids, mask, positions, batch, sequence, past, runOptions), sequence);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private static long[] Ones(int n)
    {
        var a = new long[n];
        Array.Fill(a, 1L);
        return a;
    }

    private static long[] Range(int start, int n)
    {
        var a = new long[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = start + i;
        }

        return a;
    }

    /// <summary>A step's output, owning its logits and presents until the next step takes the presents.</summary>
    private sealed class RunningStep(StepOutput output, int sequenceLength) : IDisposable
    {
        public StepOutput Output { get; } = output;

        public int SequenceLength { get; } = sequenceLength;

        public void CopyLogits(int row, int position, int sequence, Span<float> destination) => Output.CopyLogits(row, position, sequence, destination);

        public void Dispose()
        {
            Output.Dispose();
            foreach (var present in Output.Presents)
            {
                present.Dispose();
            }
        }
    }
}
