using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Inference.Api.Tokenization;

/// <summary>
/// The BPE model of a tokenizer.json: a word (one pre-tokenized piece) starts as single symbols and the pair with
/// the lowest merge rank is merged until no ranked pair remains. Ranks are looked up by the two symbol ids packed
/// into one long, so the loop allocates nothing per merge; whole words are cached.
/// </summary>
internal sealed class BpeModel
{
    /// <summary>Words cached at most; cleared when full (a steady vocabulary fits easily).</summary>
    public const int CacheCapacity = 100_000;

    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<long, (int Rank, int Merged)> _merges;
    private readonly int? _unknownId;
    private readonly bool _byteFallback;
    private readonly bool _ignoreMerges;
    private readonly int[] _byteFallbackIds;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);

    public BpeModel(Dictionary<string, int> vocab, IReadOnlyList<(string Left, string Right)> merges, string? unknownToken, bool byteFallback, bool ignoreMerges)
    {
        _vocab = vocab;
        _byteFallback = byteFallback;
        _ignoreMerges = ignoreMerges;
        _unknownId = unknownToken is not null && vocab.TryGetValue(unknownToken, out var unk) ? unk : null;
        _merges = new Dictionary<long, (int, int)>(merges.Count);
        for (var rank = 0; rank < merges.Count; rank++)
        {
            var (left, right) = merges[rank];
            if (!vocab.TryGetValue(left, out var l) || !vocab.TryGetValue(right, out var r) || !vocab.TryGetValue(left + right, out var merged))
            {
                throw new TokenizerFormatException($"model.merges[{rank}] (\"{left} {right}\") uses a token missing from model.vocab.");
            }

            _merges.TryAdd(Pack(l, r), (rank, merged));
        }

        _byteFallbackIds = new int[256];
        for (var b = 0; b < 256; b++)
        {
            _byteFallbackIds[b] = vocab.TryGetValue("<0x" + b.ToString("X2", CultureInfo.InvariantCulture) + ">", out var id) ? id : -1;
        }
    }

    /// <summary>Appends the ids of one pre-tokenized word.</summary>
    public void Tokenize(string word, List<int> output)
    {
        if (word.Length == 0)
        {
            return;
        }

        if (!_cache.TryGetValue(word, out var ids))
        {
            ids = Compute(word);
            if (_cache.Count >= CacheCapacity)
            {
                _cache.Clear();
            }

            _cache.TryAdd(word, ids);
        }

        output.AddRange(ids);
    }

    private int[] Compute(string word)
    {
        if (_ignoreMerges && _vocab.TryGetValue(word, out var whole))
        {
            return [whole];
        }

        var symbols = new List<int>(word.Length);
        for (var i = 0; i < word.Length; i += char.IsSurrogatePair(word, i) ? 2 : 1)
        {
            var symbol = char.IsSurrogatePair(word, i) ? word.Substring(i, 2) : word[i].ToString();
            if (_vocab.TryGetValue(symbol, out var id))
            {
                symbols.Add(id);
            }
            else
            {
                AddUnknown(symbol, symbols);
            }
        }

        while (symbols.Count > 1)
        {
            var bestRank = int.MaxValue;
            var bestIndex = -1;
            var bestMerged = 0;
            for (var i = 0; i < symbols.Count - 1; i++)
            {
                if (_merges.TryGetValue(Pack(symbols[i], symbols[i + 1]), out var merge) && merge.Rank < bestRank)
                {
                    (bestRank, bestIndex, bestMerged) = (merge.Rank, i, merge.Merged);
                }
            }

            if (bestIndex < 0)
            {
                break;
            }

            symbols[bestIndex] = bestMerged;
            symbols.RemoveAt(bestIndex + 1);
        }

        return [.. symbols];
    }

    private void AddUnknown(string symbol, List<int> symbols)
    {
        if (_byteFallback)
        {
            Span<byte> bytes = stackalloc byte[8];
            var count = Encoding.UTF8.GetBytes(symbol, bytes);
            var all = true;
            for (var b = 0; b < count; b++)
            {
                all &= _byteFallbackIds[bytes[b]] >= 0;
            }

            if (all)
            {
                for (var b = 0; b < count; b++)
                {
                    symbols.Add(_byteFallbackIds[bytes[b]]);
                }

                return;
            }
        }

        if (_unknownId is { } unk)
        {
            // tokenizers fuses consecutive unknowns only with fuse_unk; one per symbol otherwise.
            symbols.Add(unk);
        }
    }

    private static long Pack(int left, int right) => ((long)left << 32) | (uint)right;
}
