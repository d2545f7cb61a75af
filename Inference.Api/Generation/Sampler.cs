namespace Inference.Api.Generation;

/// <summary>
/// Picks the next token from logits: repetition penalty (CTRL-style: positive logits divided, negative multiplied),
/// then greedy, or temperature + top-k + top-p (nucleus) sampling from a seeded generator, so a request with a seed
/// is reproducible. Never sorts the vocabulary when it need not: top-k keeps the k largest logits with a bounded heap
/// (O(V log k)); top-p alone finds its nucleus by a weighted quickselect (expected O(V)); plain
/// temperature sampling draws in index order. Buffers are reused across steps of one sequence.
/// </summary>
internal sealed class Sampler
{
    /// <summary>Below this many undecided tokens the nucleus search sorts instead of partitioning.</summary>
    private const int SmallRange = 32;

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

        if (topK == vocab)
        {
            return DrawFromNucleus(logits, inverseTemperature, topP);
        }

        // Top-k (then top-p within the k kept): the k largest, largest first, from a bounded heap.
        var max = logits[ArgMax(logits)];
        SelectLargest(logits, topK);
        var mass = 0.0;
        for (var i = 0; i < topK; i++)
        {
            var weight = Math.Exp((logits[_order[i]] - max) * inverseTemperature);
            _weights[i] = weight;
            mass += weight;
        }

        if (topP >= 1)
        {
            return Draw(topK, mass);
        }

        var target = topP * mass;
        var cumulative = 0.0;
        for (var i = 0; i < topK; i++)
        {
            cumulative += _weights[i];
            if (cumulative >= target)
            {
                return Draw(i + 1, cumulative);
            }
        }

        return Draw(topK, mass); // rounding left the target a hair above the kept mass
    }

    /// <summary>
    /// Top-p over the whole vocabulary: the smallest set of largest logits whose mass reaches <paramref name="topP"/> of
    /// the total, found by a weighted quickselect (expected O(V), no sort): partition the undecided tokens around a
    /// pivot; if the part above it holds enough mass the nucleus lies inside it, else that part (and the pivot) are in
    /// and the search goes on below with what is still missing. Ties go to the lower index, as in the top-k path.
    /// </summary>
    private int DrawFromNucleus(ReadOnlySpan<float> logits, double inverseTemperature, double topP)
    {
        var vocab = logits.Length;
        var max = logits[ArgMax(logits)];
        var total = 0.0;
        for (var i = 0; i < vocab; i++)
        {
            var weight = Math.Exp((logits[i] - max) * inverseTemperature);
            _weights[i] = weight; // by token id here
            total += weight;
            _order[i] = i;
        }

        var order = _order.AsSpan(0, vocab);
        var missing = topP * total;
        int low = 0, high = vocab, size = vocab;
        while (high - low > 0)
        {
            if (high - low <= SmallRange)
            {
                // Few left: order them and take until the mass is reached.
                SortLargestFirst(order[low..high], logits);
                size = high;
                for (var i = low; i < high; i++)
                {
                    missing -= _weights[order[i]];
                    if (missing <= 0)
                    {
                        size = i + 1;
                        break;
                    }
                }

                break;
            }

            var pivot = PartitionAroundMedianOfThree(order, low, high, logits);
            var above = 0.0;
            for (var i = low; i < pivot; i++)
            {
                above += _weights[order[i]];
            }

            if (above >= missing)
            {
                high = pivot;
                size = pivot;
                continue;
            }

            missing -= above + _weights[order[pivot]];
            size = pivot + 1;
            if (missing <= 0)
            {
                break;
            }

            low = pivot + 1;
        }

        var mass = 0.0;
        foreach (var token in order[..size])
        {
            mass += _weights[token];
        }

        var draw = _random.NextDouble() * mass;
        foreach (var token in order[..size])
        {
            draw -= _weights[token];
            if (draw <= 0)
            {
                return token;
            }
        }

        return order[size - 1];
    }

    /// <summary>
    /// Partitions <c>order[low..high)</c> so the tokens that beat the pivot come first; returns the pivot's position.
    /// The pivot is the median of the first, middle and last token (Lomuto scheme).
    /// </summary>
    private static int PartitionAroundMedianOfThree(Span<int> order, int low, int high, ReadOnlySpan<float> logits)
    {
        var last = high - 1;
        var middle = low + (high - low) / 2;
        var (a, b, c) = (order[low], order[middle], order[last]);
        var median = Beats(a, b, logits)
            ? (Beats(b, c, logits) ? middle : Beats(a, c, logits) ? last : low)
            : (Beats(a, c, logits) ? low : Beats(b, c, logits) ? last : middle);
        (order[median], order[last]) = (order[last], order[median]);
        var pivot = order[last];
        var store = low;
        for (var i = low; i < last; i++)
        {
            if (Beats(order[i], pivot, logits))
            {
                (order[i], order[store]) = (order[store], order[i]);
                store++;
            }
        }

        (order[store], order[last]) = (order[last], order[store]);
        return store;
    }

    private void SortLargestFirst(Span<int> tokens, ReadOnlySpan<float> logits)
    {
        var keys = _keys.AsSpan(0, tokens.Length);
        for (var i = 0; i < tokens.Length; i++)
        {
            keys[i] = -logits[tokens[i]];
        }

        keys.Sort(tokens);
        IndexOrderWithinTies(tokens, keys);
    }

    private static void IndexOrderWithinTies(Span<int> tokens, ReadOnlySpan<float> keys)
    {
        for (var start = 0; start < tokens.Length;)
        {
            var end = start + 1;
            while (end < tokens.Length && keys[end] == keys[start])
            {
                end++;
            }

            tokens[start..end].Sort();
            start = end;
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

        // Largest first; the sort is not stable, so runs of equal logits are put back in index order.
        SortLargestFirst(heap, logits);
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
