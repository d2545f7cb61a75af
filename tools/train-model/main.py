"""Reproduces the embedded model: corpus -> tokenizer -> training -> ONNX export -> parity check -> model folder.

    apt-get install -y bible-kjv python3-torch python3-onnx python3-numpy libopenblas0-pthread npm
    /usr/bin/python3 tools/train-model/main.py --out models/kjv-5m

libopenblas0-pthread matters: without it Debian's torch uses the reference BLAS and trains ~15x slower."""
import argparse
import json
import math
import os
import random
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(__file__))
import bpe  # noqa: E402
import corpus  # noqa: E402
import export  # noqa: E402
import files  # noqa: E402
import parity  # noqa: E402
import train  # noqa: E402
from model import Config, Decoder  # noqa: E402

SEED = 1611


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=550)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seq", type=int, default=128)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--vocab", type=int, default=4096)
    args = ap.parse_args()
    torch.manual_seed(SEED)
    random.seed(SEED)
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    os.makedirs(args.out, exist_ok=True)
    log = lambda m: print(m, flush=True)  # noqa: E731

    t0 = time.time()
    train_ch, valid_ch = corpus.split(corpus.load_chapters())
    chats = corpus.chat_examples(train_ch)
    train_text = corpus.as_text(train_ch)
    log(f"corpus: {len(train_ch)} train / {len(valid_ch)} validation chapters, {len(train_text)} train chars, {len(chats)} chat turns")

    vocab, merges = bpe.train(train_text, args.vocab, files.SPECIALS)
    enc = bpe.Encoder(vocab, merges, files.SPECIALS)
    ids = {t: i for i, t in enumerate(files.SPECIALS)}
    log(f"tokenizer: {len(vocab)} tokens, {len(merges)} merges ({time.time() - t0:.0f}s)")

    # Training stream: paragraphs separated by eos, with chat turns interleaved every 8th paragraph.
    stream = []
    paragraphs = train_text.split("\n\n")
    for i, p in enumerate(paragraphs):
        stream += enc.encode(p) + [ids["<|eos|>"]]
        if i % 8 == 0 and chats:
            user, reply = chats[(i // 8) % len(chats)]
            stream += enc.encode(f"<|user|>\n{user}<|end|>\n<|assistant|>\n{reply}<|end|>\n")
    tokens = torch.tensor(stream, dtype=torch.long)
    valid = torch.tensor([t for p in corpus.as_text(valid_ch).split("\n\n") for t in enc.encode(p) + [ids["<|eos|>"]]], dtype=torch.long)
    log(f"tokens: {len(tokens)} train, {len(valid)} validation")

    c = Config(vocab_size=len(vocab))
    model = Decoder(c)
    params = sum(p.numel() for p in model.parameters())
    seconds = train.train(model, tokens, args.steps, args.batch, args.seq, args.lr, SEED, log)
    val_loss = train.evaluate(model, valid, args.seq)
    log(f"validation loss {val_loss:.4f} perplexity {math.exp(val_loss):.2f} (uniform: {len(vocab)})")

    onnx_path = os.path.join(args.out, "model.onnx")
    export.export(model, onnx_path)
    prompt = enc.encode("And God said unto Moses,")
    figures = parity.check(model, onnx_path, prompt, [prompt, enc.encode("In the beginning")], ids["<|pad|>"])
    log(f"parity with onnxruntime-node: {figures}")

    files.write(os.path.join(args.out, "tokenizer.json"), files.tokenizer_json(vocab, merges))
    files.write(os.path.join(args.out, "tokenizer_config.json"), files.tokenizer_config(c.context))
    files.write(os.path.join(args.out, "genai_config.json"), files.genai_config(c, ids))
    samples = {p: files.decode(vocab, greedy(model, enc.encode(p), 40, {ids["<|eos|>"], ids["<|end|>"]}))
               for p in ["And God said unto Moses,", "The kingdom of heaven is like", "<|user|>\nBlessed are the meek<|end|>\n<|assistant|>\n"]}
    report = {"parameters": params, "vocab": len(vocab), "train_tokens": len(tokens), "valid_tokens": len(valid),
              "steps": args.steps, "batch": args.batch, "seq": args.seq, "train_seconds": round(seconds),
              "total_seconds": round(time.time() - t0), "valid_loss": round(val_loss, 4),
              "valid_perplexity": round(math.exp(val_loss), 2), "uniform_perplexity": len(vocab),
              "parity": figures, "samples": samples, "config": c.__dict__}
    with open(os.path.join(args.out, "..", "training-report.json"), "w") as f:
        json.dump(report, f, indent=1)
    log(json.dumps(report, indent=1))


@torch.no_grad()
def greedy(model, prompt, n, stops):
    model.eval()
    seq = list(prompt)
    out = []
    for _ in range(n):
        x = torch.tensor([seq])
        logits, _ = model(x, torch.ones_like(x), torch.arange(len(seq)).unsqueeze(0), model.empty_past(1))
        t = int(logits[0, -1].argmax())
        if t in stops:
            break
        out.append(t)
        seq.append(t)
    return out


if __name__ == "__main__":
    main()
