#!/usr/bin/python3
"""Trains the two small test tokenizers committed next to this script, deterministically.

Corpus: the license texts Debian ships in /usr/share/common-licenses (sorted, so the result is stable).
  bytelevel-bpe.json  GPT-2 style: ByteLevel pre-tokenizer/decoder, merges as "a b" strings, chat specials.
  metaspace-bpe.json  Llama-2/Phi-3 style: Prepend+Replace normalizer, byte_fallback, merges as ["a","b"] pairs,
                      decoder Sequence[Replace, ByteFallback, Fuse, Strip], <s> added by TemplateProcessing.
  split-digits-bpe.json  Llama-3/Qwen style on the byte-level vocabulary: NFC, Split regex + Digits + ByteLevel,
                      ignore_merges, <|bos|> added by a Sequence post-processor.
Usage: /usr/bin/python3 train_test_tokenizers.py [output-dir]
"""
import collections
import json
import os
import sys

import re

# The GPT-2 pattern in stdlib `re` terms (no \p{..} classes): close enough for choosing merges; the tokenizer.json
# itself declares the ByteLevel pre-tokenizer, so encoding uses the exact pattern.
GPT2_PATTERN = re.compile(r"'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+")
LICENSES = "/usr/share/common-licenses"
SPACE = "\u2581"


def corpus():
    names = sorted(n for n in os.listdir(LICENSES) if os.path.isfile(os.path.join(LICENSES, n)))
    return "".join(open(os.path.join(LICENSES, n), encoding="utf-8", errors="replace").read() for n in names)


def bytes_to_unicode():
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    table, extra = {}, 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


def train(word_counts, base_symbols, merge_count):
    """Classic BPE: repeatedly merge the most frequent adjacent pair (ties broken by the pair itself)."""
    words = {tuple(w): c for w, c in word_counts.items()}
    merges = []
    for _ in range(merge_count):
        pairs = collections.Counter()
        for symbols, count in words.items():
            for a, b in zip(symbols, symbols[1:]):
                pairs[(a, b)] += count
        if not pairs:
            break
        best = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))[0]
        if pairs[best] < 2:
            break
        merges.append(best)
        merged = {}
        for symbols, count in words.items():
            out, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == best:
                    out.append(symbols[i] + symbols[i + 1])
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            merged[tuple(out)] = merged.get(tuple(out), 0) + count
        words = merged
    vocab = {}
    for s in base_symbols:
        vocab.setdefault(s, len(vocab))
    for a, b in merges:
        vocab.setdefault(a + b, len(vocab))
    return vocab, merges


def added(content, id_, special=True):
    return {"id": id_, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
            "normalized": not special, "special": special}


def byte_level(text):
    table = bytes_to_unicode()
    counts = collections.Counter(
        "".join(table[b] for b in piece.encode("utf-8")) for piece in GPT2_PATTERN.findall(text))
    vocab, merges = train(counts, [table[b] for b in range(256)], 1200)
    specials = ["<|pad|>", "<|bos|>", "<|eos|>", "<|user|>", "<|assistant|>", "<|system|>", "<|end|>"]
    added_tokens = [added(s, len(vocab) + i) for i, s in enumerate(specials)]
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": added_tokens,
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": [f"{a} {b}" for a, b in merges]},
    }


def metaspace(text):
    # SentencePiece view: the whole line with spaces as ▁ and a leading ▁; words start at each ▁.
    counts = collections.Counter()
    chars = collections.Counter()
    for line in text.splitlines():
        line = SPACE + line.replace(" ", SPACE)
        for word in re.findall(SPACE + "[^" + SPACE + "]*", line):
            counts[word] += 1
            chars.update(word)
    base = ["<unk>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(256)]
    base += sorted(c for c, n in chars.items() if n >= 5)
    vocab, merges = train(counts, base, 1000)
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [added("<unk>", 0), added("<s>", 1), added("</s>", 2)],
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Prepend", "prepend": SPACE},
            {"type": "Replace", "pattern": {"String": " "}, "content": SPACE}]},
        "pre_tokenizer": None,
        "post_processor": {"type": "TemplateProcessing",
                           "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                           "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                                    {"SpecialToken": {"id": "<s>", "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
                           "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
        "decoder": {"type": "Sequence", "decoders": [
            {"type": "Replace", "pattern": {"String": SPACE}, "content": " "},
            {"type": "ByteFallback"}, {"type": "Fuse"},
            {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
        "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": True, "byte_fallback": True, "ignore_merges": False,
                  "vocab": vocab, "merges": [[a, b] for a, b in merges]},
    }


# Llama-3's split pattern (Oniguruma syntax that .NET and JavaScript both accept).
LLAMA3_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
                  r"|\s*[\r\n]+|\s+(?!\S)|\s+")


def split_digits(text):
    """Llama-3/Qwen layout on the byte-level vocabulary: NFC, Sequence[Split regex, Digits, ByteLevel without regex]."""
    tokenizer = byte_level(text)
    tokenizer["normalizer"] = {"type": "NFC"}
    tokenizer["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
        {"type": "Split", "pattern": {"Regex": LLAMA3_PATTERN}, "behavior": "Isolated", "invert": False},
        {"type": "Digits", "individual_digits": True},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]}
    bos = tokenizer["added_tokens"][1]
    bos_id = bos["id"]
    tokenizer["post_processor"] = {"type": "Sequence", "processors": [
        {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        {"type": "TemplateProcessing",
         "single": [{"SpecialToken": {"id": "<|bos|>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
         "pair": [{"SpecialToken": {"id": "<|bos|>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                  {"SpecialToken": {"id": "<|bos|>", "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
         "special_tokens": {"<|bos|>": {"id": "<|bos|>", "ids": [bos_id], "tokens": ["<|bos|>"]}}}]}
    tokenizer["model"]["merges"] = [m.split(" ", 1) for m in tokenizer["model"]["merges"]]
    tokenizer["model"]["ignore_merges"] = True
    return tokenizer


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    text = corpus()
    for name, build in (("bytelevel-bpe.json", byte_level), ("metaspace-bpe.json", metaspace),
                        ("split-digits-bpe.json", split_digits)):
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            json.dump(build(text), f, ensure_ascii=False, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
