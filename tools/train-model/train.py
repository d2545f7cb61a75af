"""Deterministic training: fixed seeds, fixed thread count, fixed step count, batches drawn by a seeded generator."""
import math
import time

import torch
import torch.nn.functional as F


def batches(tokens, batch, seq, generator):
    """Random windows of seq+1 tokens from the training stream."""
    starts = torch.randint(0, len(tokens) - seq - 1, (batch,), generator=generator)
    x = torch.stack([tokens[s: s + seq] for s in starts.tolist()])
    y = torch.stack([tokens[s + 1: s + seq + 1] for s in starts.tolist()])
    return x, y


def forward_loss(model, x, y):
    b, s = x.shape
    mask = torch.ones(b, s, dtype=torch.long)
    pos = torch.arange(s).unsqueeze(0).expand(b, -1)
    logits, _ = model(x, mask, pos, model.empty_past(b))
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))


@torch.no_grad()
def evaluate(model, tokens, seq, max_windows=200):
    """Mean next-token loss over consecutive non-overlapping windows of the validation stream."""
    model.eval()
    losses = []
    for i, s in enumerate(range(0, len(tokens) - seq - 1, seq)):
        if i >= max_windows:
            break
        x = tokens[s: s + seq].unsqueeze(0)
        y = tokens[s + 1: s + seq + 1].unsqueeze(0)
        losses.append(forward_loss(model, x, y).item())
    model.train()
    return sum(losses) / len(losses)


def train(model, tokens, steps, batch, seq, lr, seed, log):
    generator = torch.Generator().manual_seed(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, betas=(0.9, 0.95), weight_decay=0.1)
    warmup = max(1, steps // 20)
    start = time.time()
    for step in range(steps):
        # Linear warm-up, then cosine decay to 10 % of the peak rate.
        scale = (step + 1) / warmup if step < warmup else 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, steps - warmup)))
        for g in opt.param_groups:
            g["lr"] = lr * scale
        x, y = batches(tokens, batch, seq, generator)
        loss = forward_loss(model, x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step % 25 == 0 or step == steps - 1:
            log(f"step {step + 1}/{steps} loss {loss.item():.4f} elapsed {time.time() - start:.0f}s")
    return time.time() - start
