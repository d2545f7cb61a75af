using BenchmarkDotNet.Attributes;
using Inference.Api.Generation;

namespace Benchmarks.Engine;

/// <summary>
/// One sampler step over a vocabulary of logits: greedy, temperature alone, temperature with top-k 50, nucleus (top-p
/// 0.9) over the whole vocabulary, and greedy with a repetition penalty over a 256-token history; the sampling modes
/// also through <see cref="PreviousSampler"/> (the full-sort sampler it replaced). Each operation first restores the
/// logits (the sampler may change them in place); that copy alone is the baseline. 4 096 is the embedded model's
/// vocabulary; 32 000 a Llama-2-sized one.
/// </summary>
[MemoryDiagnoser]
public class SamplerBenchmarks
{
    private float[] _template = [];
    private float[] _logits = [];
    private List<int> _history = [];
    private Sampler _greedy = null!;
    private Sampler _topK = null!;
    private Sampler _topP = null!;
    private Sampler _penalty = null!;
    private Sampler _temperature = null!;
    private PreviousSampler _previousTopK = null!;
    private PreviousSampler _previousTopP = null!;
    private PreviousSampler _previousTemperature = null!;

    [Params(4_096, 32_000)]
    public int Vocabulary { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _template = new float[Vocabulary];
        for (var i = 0; i < Vocabulary; i++)
        {
            _template[i] = (float)(random.NextDouble() * 20 - 10);
        }

        _logits = new float[Vocabulary];
        _history = [.. Enumerable.Range(0, 256).Select(_ => random.Next(Vocabulary))];
        _greedy = new Sampler(SamplingSettings.Greedy);
        _topK = new Sampler(new SamplingSettings(Temperature: 0.8f, TopK: 50, TopP: 1, RepetitionPenalty: 1, Seed: 1));
        _topP = new Sampler(new SamplingSettings(Temperature: 0.8f, TopK: 0, TopP: 0.9f, RepetitionPenalty: 1, Seed: 1));
        _penalty = new Sampler(new SamplingSettings(Temperature: 0, TopK: 0, TopP: 1, RepetitionPenalty: 1.1f, Seed: null));
        _temperature = new Sampler(new SamplingSettings(Temperature: 0.8f, TopK: 0, TopP: 1, RepetitionPenalty: 1, Seed: 1));
        _previousTopK = new PreviousSampler(new SamplingSettings(Temperature: 0.8f, TopK: 50, TopP: 1, RepetitionPenalty: 1, Seed: 1));
        _previousTopP = new PreviousSampler(new SamplingSettings(Temperature: 0.8f, TopK: 0, TopP: 0.9f, RepetitionPenalty: 1, Seed: 1));
        _previousTemperature = new PreviousSampler(new SamplingSettings(Temperature: 0.8f, TopK: 0, TopP: 1, RepetitionPenalty: 1, Seed: 1));
    }

    [Benchmark(Baseline = true)]
    public float CopyOnly()
    {
        _template.CopyTo(_logits, 0);
        return _logits[0];
    }

    [Benchmark]
    public int Greedy() => Step(_greedy);

    [Benchmark]
    public int Temperature() => Step(_temperature);

    [Benchmark]
    public int PreviousTemperature() => Step(_previousTemperature);

    [Benchmark]
    public int TemperatureTopK50() => Step(_topK);

    [Benchmark]
    public int PreviousTemperatureTopK50() => Step(_previousTopK);

    [Benchmark]
    public int TemperatureTopP09() => Step(_topP);

    [Benchmark]
    public int PreviousTemperatureTopP09() => Step(_previousTopP);

    [Benchmark]
    public int GreedyWithRepetitionPenalty() => Step(_penalty);

    private int Step(Sampler sampler)
    {
        _template.CopyTo(_logits, 0);
        return sampler.Next(_logits, _history);
    }

    private int Step(PreviousSampler sampler)
    {
        _template.CopyTo(_logits, 0);
        return sampler.Next(_logits, _history);
    }
}
