namespace Inference.Api.Generation;

/// <summary>
/// Picks the next token from logits: repetition penalty (CTRL-style: positive logits divided, negative multiplied),
/// then greedy, or temperature + top-k + top-p (nucleus) sampling from a seeded generator, so a request with a seed
/// is reproducible. Never sorts the vocabulary when it need not: top-k keeps the k largest logits with a bounded heap
/// (O(V log k)); top-p alone grows a candidate set (64, 256, ...) until its mass reaches p of the whole; plain
/// temperature sampling draws in index order. Buffers are reused across steps of one sequence.
/// </summary>
internal sealed class Sampler
{
    /// <summary>Candidates tried first for a nucleus without top-k; most nuclei of a trained model are smaller.</summary>
    private const int InitialNucleusCandidates = 64;

    private readonly SamplingSettings _settings;
    private readonly Random _random;
    private readonly HashSet<int> _penalised = [];
    private double[] _weights = [];
    private int[] _order = [];
    private float[] _keys = [];

    public Sampler(SamplingSettings settings)
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

    private int Sample(ReadOnlySpan<float> logits)
    {
        var vocab = logits.Length;
        if (_weights.Length != vocab)
        {
            _weights = new double[vocab];
            _order = new int[vocab];
            _keys = new float[vocab];
        }

        var inverseTemperature = 1.0 / _settings.Temperature;
        var topK = _settings.TopK > 0 ? Math.Min(_settings.TopK, vocab) : vocab;
        var topP = (double)_settings.TopP;
        if (topK == vocab && topP >= 1)
        {
            return DrawInIndexOrder(logits, inverseTemperature);
        }

        // Without top-k the nucleus is measured against the whole vocabulary's mass.
        var max = logits[ArgMax(logits)];
        var wholeMass = 0.0;
        if (topK == vocab)
        {
            foreach (var logit in logits)
            {
                wholeMass += Math.Exp((logit - max) * inverseTemperature);
            }
        }

        var count = topK < vocab ? topK : Math.Min(vocab, InitialNucleusCandidates);
        while (true)
        {
            SelectLargest(logits, count);
            var mass = 0.0;
            for (var i = 0; i < count; i++)
            {
                var weight = Math.Exp((logits[_order[i]] - max) * inverseTemperature);
                _weights[i] = weight;
                mass += weight;
            }

            if (topP >= 1)
            {
                return Draw(count, mass);
            }

            var target = topP * (topK < vocab ? mass : wholeMass);
            var cumulative = 0.0;
            for (var i = 0; i < count; i++)
            {
                cumulative += _weights[i];
                if (cumulative >= target)
                {
                    return Draw(i + 1, cumulative);
                }
            }

            if (count == topK)
            {
                return Draw(count, mass); // rounding left the target a hair above the kept mass
            }

            // Grow fourfold; once a quarter of the vocabulary is needed, a full sort is cheaper than more heaps.
            count = count * 4 >= vocab / 4 ? vocab : count * 4;
        }
    }

    /// <summary>Draws among the first <paramref name="count"/> candidates of <c>_order</c>, weighted by <c>_weights</c>.</summary>
    private int Draw(int count, double mass)
    {
        var draw = _random.NextDouble() * mass;
        for (var i = 0; i < count; i++)
        {
            draw -= _weights[i];
            if (draw <= 0)
            {
                return _order[i];
            }
        }

        return _order[count - 1];
    }

    /// <summary>Temperature only: every token is a candidate, so no order is needed.</summary>
    private int DrawInIndexOrder(ReadOnlySpan<float> logits, double inverseTemperature)
    {
        var max = logits[ArgMax(logits)];
        var mass = 0.0;
        for (var i = 0; i < logits.Length; i++)
        {
            var weight = Math.Exp((logits[i] - max) * inverseTemperature);
            _weights[i] = weight;
            mass += weight;
        }

        var draw = _random.NextDouble() * mass;
        for (var i = 0; i < logits.Length; i++)
        {
            draw -= _weights[i];
            if (draw <= 0)
            {
                return i;
            }
        }

        return logits.Length - 1;
    }

    /// <summary>
    /// Puts the <paramref name="count"/> largest logits' indices, largest first, in <c>_order[..count]</c>: a min-heap of
    /// the best so far, whose root (the weakest kept) each further logit must beat. Ties go to the lower index.
    /// </summary>
    private void SelectLargest(ReadOnlySpan<float> logits, int count)
    {
        var heap = _order.AsSpan(0, count);
        for (var i = 0; i < count; i++)
        {
            heap[i] = i;
        }

        if (count < logits.Length)
        {
            for (var i = count / 2 - 1; i >= 0; i--)
            {
                SiftDown(heap, i, logits);
            }

            for (var i = count; i < logits.Length; i++)
            {
                if (Beats(i, heap[0], logits))
                {
                    heap[0] = i;
                    SiftDown(heap, 0, logits);
                }
            }
        }

        // Largest first (keys negated: the sort is ascending); the sort is not stable, so runs of equal logits are
        // put back in index order.
        var keys = _keys.AsSpan(0, count);
        for (var i = 0; i < count; i++)
        {
            keys[i] = -logits[heap[i]];
        }

        keys.Sort(heap);
        for (var start = 0; start < count;)
        {
            var end = start + 1;
            while (end < count && keys[end] == keys[start])
            {
                end++;
            }

            heap[start..end].Sort();
            start = end;
        }
    }

    private static bool Beats(int a, int b, ReadOnlySpan<float> logits) => logits[a] > logits[b] || (logits[a] == logits[b] && a < b);

    private static void SiftDown(Span<int> heap, int at, ReadOnlySpan<float> logits)
    {
        while (true)
        {
            var weakest = at;
            var left = 2 * at + 1;
            var right = left + 1;
            if (left < heap.Length && Beats(heap[weakest], heap[left], logits))
            {
                weakest = left;
            }

            if (right < heap.Length && Beats(heap[weakest], heap[right], logits))
            {
                weakest = right;
            }

            if (weakest == at)
            {
                return;
            }

            (heap[at], heap[weakest]) = (heap[weakest], heap[at]);
            at = weakest;
        }
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
