"""Builds metaspace-bpe/tokenizer.json: a SentencePiece-style BPE tokenizer in the Llama-2/Phi-3 layout (▁ for spaces,
<0xNN> byte-fallback tokens, BOS added by a template), trained deterministically on the licence texts every Debian
system has in /usr/share/common-licenses. Test data for the C# tokenizer, in a style unlike the shipped byte-level one.

    /usr/bin/python3 Tests/Inference.Api.Tests/Tokenization/data/make_metaspace_tokenizer.py
"""
import collections
import json
import os

SPACE = "\u2581"
MERGES = 1200
SOURCES = ["Apache-2.0", "GPL-3", "MPL-2.0"]


def main():
    text = "\n".join(open(os.path.join("/usr/share/common-licenses", s), encoding="utf-8").read() for s in SOURCES)
    words = collections.Counter(SPACE + w for line in text.split("\n") for w in line.split(" ") if w)
    specials = ["<unk>", "<s>", "</s>"]
    vocab = specials + [f"<0x{b:02X}>" for b in range(256)]
    chars = sorted({c for w in words for c in w})
    vocab += [c for c in chars if c not in vocab]
    splits = {w: list(w) for w in words}
    merges = []
    for _ in range(MERGES):
        pairs = collections.Counter()
        for w, f in words.items():
            s = splits[w]
            for a, b in zip(s, s[1:]):
                pairs[(a, b)] += f
        if not pairs:
            break
        (a, b), count = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))
        if count < 2:
            break
        merges.append((a, b))
        vocab.append(a + b)
        for w in words:
            s, out, i = splits[w], [], 0
            while i < len(s):
                if i < len(s) - 1 and s[i] == a and s[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(s[i])
                    i += 1
            splits[w] = out
    tokenizer = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True} for i, t in enumerate(specials)],
        "normalizer": {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": SPACE},
                                                           {"type": "Replace", "pattern": {"String": " "}, "content": SPACE}]},
        "pre_tokenizer": None,
        "post_processor": {"type": "TemplateProcessing",
                           "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                           "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                                    {"SpecialToken": {"id": "<s>", "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}],
                           "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
        "decoder": {"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"String": SPACE}, "content": " "},
                                                      {"type": "ByteFallback"}, {"type": "Fuse"},
                                                      {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
        "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": True, "byte_fallback": True, "ignore_merges": False,
                  "vocab": {t: i for i, t in enumerate(vocab)}, "merges": [a + " " + b for a, b in merges]},
    }
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "metaspace-bpe")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer, f, ensure_ascii=False)
    with open(os.path.join(folder, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump({"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "add_bos_token": True, "clean_up_tokenization_spaces": False,
                   "tokenizer_class": "LlamaTokenizerFast"}, f)


if __name__ == "__main__":
    main()
