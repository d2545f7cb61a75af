"""A byte-level BPE trainer and encoder in the GPT-2 layout (bytes mapped to printable characters), written for this
project. Deterministic: pairs are ranked by count, ties broken by the pair's symbols."""
import collections
import re

# GPT-2's pre-tokenizer pattern uses \p{L} and \p{N}; Python's `re` lacks them, so letters are [^\W\d_] and
# numbers \d. On the corpus (ASCII English) both split identically; tokenizer.json carries the real pattern.
PRETOKENIZE = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+""")
GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""


def bytes_to_unicode():
    """GPT-2's reversible map from the 256 byte values to printable unicode characters."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, (chr(c) for c in cs)))


BYTE_TO_CHAR = bytes_to_unicode()


def pretokens(text):
    for piece in PRETOKENIZE.findall(text):
        yield "".join(BYTE_TO_CHAR[b] for b in piece.encode("utf-8"))


def train(text, vocab_size, special_tokens):
    """Learns merges until the vocabulary (specials + 256 bytes + merges) reaches vocab_size."""
    words = collections.Counter(pretokens(text))
    splits = {w: list(w) for w in words}
    vocab = list(special_tokens) + [BYTE_TO_CHAR[b] for b in range(256)]
    merges = []
    pair_counts = collections.Counter()
    where = collections.defaultdict(set)
    for w, freq in words.items():
        s = splits[w]
        for a, b in zip(s, s[1:]):
            pair_counts[(a, b)] += freq
            where[(a, b)].add(w)
    while len(vocab) < vocab_size and pair_counts:
        best = max(pair_counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
        if pair_counts[best] < 2:
            break
        a, b = best
        merged = a + b
        merges.append(best)
        vocab.append(merged)
        for w in list(where[best]):
            s = splits[w]
            freq = words[w]
            for x, y in zip(s, s[1:]):
                pair_counts[(x, y)] -= freq
                if pair_counts[(x, y)] <= 0:
                    del pair_counts[(x, y)]
                where[(x, y)].discard(w)
            i, out = 0, []
            while i < len(s):
                if i < len(s) - 1 and s[i] == a and s[i + 1] == b:
                    out.append(merged)
                    i += 2
                else:
                    out.append(s[i])
                    i += 1
            splits[w] = out
            for x, y in zip(out, out[1:]):
                pair_counts[(x, y)] += freq
                where[(x, y)].add(w)
        del where[best]
    return vocab, merges


class Encoder:
    """Encodes text with learned merges (lowest rank first), the way Hugging Face's BPE model does."""

    def __init__(self, vocab, merges, special_tokens):
        self.ids = {t: i for i, t in enumerate(vocab)}
        self.ranks = {m: i for i, m in enumerate(merges)}
        self.special = {t: self.ids[t] for t in special_tokens}
        self.special_re = re.compile("(" + "|".join(re.escape(t) for t in special_tokens) + ")")
        self.cache = {}

    def _word(self, w):
        if w in self.cache:
            return self.cache[w]
        s = list(w)
        while len(s) > 1:
            ranked = [(self.ranks.get((s[i], s[i + 1]), 1 << 30), i) for i in range(len(s) - 1)]
            rank, i = min(ranked)
            if rank == 1 << 30:
                break
            s = s[:i] + [s[i] + s[i + 1]] + s[i + 2:]
        out = [self.ids[t] for t in s]
        self.cache[w] = out
        return out

    def encode(self, text):
        out = []
        for part in self.special_re.split(text):
            if not part:
                continue
            if part in self.special:
                out.append(self.special[part])
                continue
            for w in pretokens(part):
                out.extend(self._word(w))
        return out
