using System.Collections.Concurrent;
using System.Text;

namespace Inference.Api.Tokenization;

/// <summary>
/// The BPE model: a piece's characters become ids, then adjacent pairs merge lowest rank first (leftmost on ties)
/// until no ranked pair is left. Ranks are keyed by the packed id pair, so the loop allocates nothing.
/// </summary>
internal sealed class BpeModel
{
    /// <summary>Pieces longer than this are not cached (they are rare and would crowd the cache).</summary>
    private const int MaxCachedPieceLength = 256;

    /// <summary>Entries kept before the cache stops growing; bounded so a long-running service stays flat.</summary>
    private const int CacheCapacity = 10_000;

    /// <summary>Above this many initial symbols the heap-based merge beats rescanning the pairs per merge.</summary>
    private const int LongWordSymbols = 48;

    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _vocabBySpan;
    private readonly Dictionary<long, (int Rank, int Id)> _merges;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly int[]? _byteIds;
    private readonly int? _unkId;
    private readonly bool _fuseUnk;
    private readonly bool _ignoreMerges;

    /// <summary>Creates the model; <paramref name="merges"/> are pairs of ids with the id of their concatenation, in rank order.</summary>
    public BpeModel(Dictionary<string, int> vocab, IReadOnlyList<(int Left, int Right, int Merged)> merges, string? unkToken, bool fuseUnk, bool byteFallback, bool ignoreMerges)
    {
        _vocab = vocab;
        _vocabBySpan = vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        _merges = new Dictionary<long, (int, int)>(merges.Count);
        for (int rank = 0; rank < merges.Count; rank++)
        {
            var (left, right, merged) = merges[rank];
            _merges.TryAdd(Pack(left, right), (rank, merged));
        }

        _unkId = unkToken is not null && vocab.TryGetValue(unkToken, out int unk) ? unk : null;
        _fuseUnk = fuseUnk;
        _ignoreMerges = ignoreMerges;
        if (byteFallback)
        {
            _byteIds = new int[256];
            for (int b = 0; b < 256; b++)
            {
                _byteIds[b] = vocab.TryGetValue($"<0x{b:X2}>", out int id) ? id : -1;
            }
        }
    }

    /// <summary>The vocabulary (token → id).</summary>
    public IReadOnlyDictionary<string, int> Vocabulary => _vocab;

    /// <summary>Appends the ids of one pre-tokenized piece to <paramref name="output"/>.</summary>
    public void Encode(string piece, List<int> output)
    {
        if (piece.Length == 0)
        {
            return;
        }

        if (_ignoreMerges && _vocab.TryGetValue(piece, out int whole))
        {
            output.Add(whole);
            return;
        }

        if (_cache.TryGetValue(piece, out var cached))
        {
            output.AddRange(cached);
            return;
        }

        var ids = Merge(piece);
        if (piece.Length <= MaxCachedPieceLength && _cache.Count < CacheCapacity)
        {
            _cache.TryAdd(piece, ids);
        }

        output.AddRange(ids);
    }

    private static long Pack(int left, int right) => ((long)left << 32) | (uint)right;

    private int[] Merge(string piece)
    {
        var symbols = new List<int>(piece.Length);
        bool lastWasUnk = false;
        for (int i = 0; i < piece.Length; i += char.IsSurrogatePair(piece, i) ? 2 : 1)
        {
            int width = char.IsSurrogatePair(piece, i) ? 2 : 1;
            var ch = piece.AsSpan(i, width);
            if (_vocabBySpan.TryGetValue(ch, out int id))
            {
                symbols.Add(id);
                lastWasUnk = false;
            }
            else if (TryAddBytes(ch, symbols))
            {
                lastWasUnk = false;
            }
            else if (_unkId is int unk)
            {
                if (!(_fuseUnk && lastWasUnk))
                {
                    symbols.Add(unk);
                }

                lastWasUnk = true;
            }
        }

        return symbols.Count > LongWordSymbols ? MergeLong(symbols) : MergeShort(symbols);
    }

    /// <summary>
    /// Lowest rank first, leftmost on ties: the order the reference's priority queue produces. A rescan per merge
    /// is the fastest way for ordinary words.
    /// </summary>
    private int[] MergeShort(List<int> symbols)
    {
        while (symbols.Count > 1)
        {
            int bestRank = int.MaxValue;
            int bestAt = -1;
            int bestId = 0;
            for (int i = 0; i < symbols.Count - 1; i++)
            {
                if (_merges.TryGetValue(Pack(symbols[i], symbols[i + 1]), out var m) && m.Rank < bestRank)
                {
                    bestRank = m.Rank;
                    bestAt = i;
                    bestId = m.Id;
                }
            }

            if (bestAt < 0)
            {
                break;
            }

            symbols[bestAt] = bestId;
            symbols.RemoveAt(bestAt + 1);
        }

        return [.. symbols];
    }

    /// <summary>
    /// The same order for long pieces (a metaspace tokenizer without a pre-tokenizer sees a whole paragraph as one
    /// piece): a linked list of symbols and a heap of candidate pairs keyed by (rank, position), so the cost is
    /// O(n log n) instead of O(n²). Stale heap entries are recognised by their snapshot of the two ids.
    /// </summary>
    private int[] MergeLong(List<int> symbols)
    {
        int n = symbols.Count;
        int[] ids = [.. symbols];
        int[] next = new int[n];
        int[] prev = new int[n];
        for (int i = 0; i < n; i++)
        {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }

        var queue = new PriorityQueue<(int Left, int LeftId, int RightId), long>();
        for (int i = 0; i + 1 < n; i++)
        {
            Enqueue(queue, ids, i, i + 1);
        }

        while (queue.TryDequeue(out var candidate, out _))
        {
            int left = candidate.Left;
            int right = next[left];
            if (ids[left] != candidate.LeftId || right < 0 || ids[right] != candidate.RightId || ids[left] < 0)
            {
                continue;
            }

            ids[left] = _merges[Pack(candidate.LeftId, candidate.RightId)].Id;
            ids[right] = -1;
            next[left] = next[right];
            if (next[right] >= 0)
            {
                prev[next[right]] = left;
                Enqueue(queue, ids, left, next[left]);
            }

            if (prev[left] >= 0)
            {
                Enqueue(queue, ids, prev[left], left);
            }
        }

        var result = new List<int>(n);
        for (int i = 0; i >= 0; i = next[i])
        {
            result.Add(ids[i]);
        }

        return [.. result];
    }

    private void Enqueue(PriorityQueue<(int, int, int), long> queue, int[] ids, int left, int right)
    {
        if (_merges.TryGetValue(Pack(ids[left], ids[right]), out var m))
        {
            queue.Enqueue((left, ids[left], ids[right]), ((long)m.Rank << 32) | (uint)left);
        }
    }

    private bool TryAddBytes(ReadOnlySpan<char> ch, List<int> symbols)
    {
        if (_byteIds is null)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        int count = Encoding.UTF8.GetBytes(ch, bytes);
        for (int i = 0; i < count; i++)
        {
            if (_byteIds[bytes[i]] < 0)
            {
                return false;
            }
        }

        for (int i = 0; i < count; i++)
        {
            symbols.Add(_byteIds[bytes[i]]);
        }

        return true;
    }
}
