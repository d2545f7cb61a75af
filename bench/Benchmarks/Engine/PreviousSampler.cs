using Inference.Api.Generation;

namespace Benchmarks.Engine;

/// <summary>
/// The sampler as it was before it stopped sorting the whole vocabulary (a full sort of every logit per sampled
/// token), kept as the same-run baseline of <see cref="SamplerBenchmarks"/>.
/// </summary>
internal sealed class PreviousSampler
{
    private readonly SamplingSettings _settings;
    private readonly Random _random;
    private float[] _scores = [];
    private int[] _order = [];
    private readonly HashSet<int> _penalised = [];

    public PreviousSampler(SamplingSettings settings)
    {
        _settings = settings;
        _random = settings.Seed is { } seed ? new Random(unchecked((int)seed ^ (int)(seed >> 32))) : new Random();
    }

    /// <summary>Chooses a token; <paramref name="logits"/> may be modified.</summary>
    public int Next(Span<float> logits, IReadOnlyList<int> history)
    {
        if (_settings.RepetitionPenalty is not 1 and > 0)
        {
            var penalty = _settings.RepetitionPenalty;
            _penalised.Clear();
            foreach (var token in history)
            {
                // Once per distinct token, however often it occurred.
                if (_penalised.Add(token))
                {
                    ref var logit = ref logits[token];
                    logit = logit > 0 ? logit / penalty : logit * penalty;
                }
            }
        }

        if (_settings.Temperature <= 0)
        {
            return ArgMax(logits);
        }

        return Sample(logits);
    }

    private int Sample(Span<float> logits)
    {
        var vocab = logits.Length;
        if (_scores.Length != vocab)
        {
            _scores = new float[vocab];
            _order = new int[vocab];
        }

        for (var i = 0; i < vocab; i++)
        {
            _scores[i] = -logits[i] / _settings.Temperature; // negated: Array.Sort is ascending
            _order[i] = i;
        }

        Array.Sort(_scores, _order);
        var keep = _settings.TopK > 0 ? Math.Min(_settings.TopK, vocab) : vocab;
        var max = -_scores[0];
        double total = 0;
        for (var i = 0; i < keep; i++)
        {
            var p = Math.Exp(-_scores[i] - max);
            _scores[i] = (float)p;
            total += p;
        }

        if (_settings.TopP < 1)
        {
            double cumulative = 0;
            for (var i = 0; i < keep; i++)
            {
                cumulative += _scores[i] / total;
                if (cumulative >= _settings.TopP)
                {
                    keep = i + 1;
                    break;
                }
            }

            total = 0;
            for (var i = 0; i < keep; i++)
            {
                total += _scores[i];
            }
        }

        var draw = _random.NextDouble() * total;
        for (var i = 0; i < keep; i++)
        {
            draw -= _scores[i];
            if (draw <= 0)
            {
                return _order[i];
            }
        }

        return _order[keep - 1];
    }

    private static int ArgMax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }
}
