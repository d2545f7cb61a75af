using TestSupport.Processes;
using BenchmarkDotNet.Attributes;
using Inference.Api.Generation;
using Inference.Api.Models;
using Inference.Api.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Benchmarks.Engine;

/// <summary>
/// The generation loop's overhead over bare ONNX Runtime: <see cref="Generator"/> runs <c>TokenGenerator</c>
/// (greedy, sampler, stop checks, KV-cache hand-over) for a fixed prompt; <see cref="BareRuns"/> is the baseline in
/// the same run: exactly the same sequence of <c>Run</c> calls (prefill, then one step per token, feeding the
/// presents back) replaying the tokens the generator chose, with nothing else. Target: Generator ≤ 1.05 × BareRuns.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MemoryDiagnoser]
public class GenerationLoopBenchmarks
{
    private const int MaxNewTokens = 32;

    private ModelFolder? _model;
    private DecoderSession? _session;
    private int[] _prompt = [];
    private int[] _tokens = [];

    [GlobalSetup]
    public void Setup()
    {
        _model = ModelFolder.Load(Path.Combine(RepositoryLayout.RepoRoot, "models", "kjv-5m"));
        _session = new DecoderSession(_model, new ModelOptions { IntraOpThreads = 1 });
        _prompt = _model.Tokenizer.Encode("And God said, Let there be light: and there was light. And God saw the light");
        _tokens = [.. new TokenGenerator(_session).Generate(_prompt, MaxNewTokens, SamplingSettings.Greedy, CancellationToken.None).Select(t => t.Id)];
        Console.WriteLine($"engine benchmark: prompt {_prompt.Length} tokens, {_tokens.Length} generated");
    }

    [GlobalCleanup]
    public void Cleanup() => _session?.Dispose();

    [Benchmark(Baseline = true)]
    public int BareRuns()
    {
        using var runOptions = new RunOptions();
        var length = _prompt.Length;
        var step = _session!.Run(Array.ConvertAll(_prompt, static t => (long)t), Filled(length, 1), Positions(length), 1, length, null, runOptions);
        try
        {
            for (var i = 0; i < _tokens.Length - 1; i++)
            {
                var next = _session.Run(new long[] { _tokens[i] }, Filled(length + 1, 1), new long[] { length }, 1, 1, step.Presents, runOptions);
                Release(step);
                step = next;
                length++;
            }
        }
        finally
        {
            Release(step);
        }

        return length;
    }

    [Benchmark]
    public int Generator()
    {
        var count = 0;
        foreach (var _ in new TokenGenerator(_session!).Generate(_prompt, MaxNewTokens, SamplingSettings.Greedy, CancellationToken.None))
        {
            count++;
        }

        return count;
    }

    private static void Release(StepOutput step)
    {
        step.Dispose();
        foreach (var present in step.Presents)
        {
            present.Dispose();
        }
    }

    private static long[] Filled(int n, long value)
    {
        var a = new long[n];
        Array.Fill(a, value);
        return a;
    }

    private static long[] Positions(int n)
    {
        var a = new long[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = i;
        }

        return a;
    }
}
