"""A small Llama-style decoder: RMSNorm, rotary positions, SwiGLU, grouped-query attention. Its forward takes
the ONNX Runtime GenAI inputs (input_ids, attention_mask over past+current, explicit position_ids, past K/V)
and returns logits and the present K/V, so the exported graph is exactly what the C# engine drives."""
import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

# A large negative instead of -inf, so a row that is entirely masked (left padding) gives zeros, not NaN.
MASK_VALUE = -1e9


@dataclass
class Config:
    vocab_size: int = 4096
    hidden: int = 256
    layers: int = 4
    heads: int = 8
    kv_heads: int = 2
    ffn: int = 688
    context: int = 512
    rope_theta: float = 10000.0

    @property
    def head_size(self):
        return self.hidden // self.heads


class RMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotary(x, position_ids, theta):
    """Rotates pairs (first half, second half) of each head by angle position * theta^(-2i/d)."""
    d = x.shape[-1]
    inv = 1.0 / (theta ** (torch.arange(0, d, 2, dtype=torch.float32) / d))
    angles = position_ids.to(torch.float32).unsqueeze(-1) * inv  # [b, s, d/2]
    cos = torch.cat([angles.cos(), angles.cos()], dim=-1).unsqueeze(1)  # [b, 1, s, d]
    sin = torch.cat([angles.sin(), angles.sin()], dim=-1).unsqueeze(1)
    x1, x2 = x[..., : d // 2], x[..., d // 2:]
    return x * cos + torch.cat([-x2, x1], dim=-1) * sin


def repeat_kv(x, group):
    """[b, kv, t, d] -> [b, kv*group, t, d], each KV head shared by `group` query heads. Written with
    expand/reshape: torch 1.13 exports repeat_interleave with shapes frozen at trace time."""
    b, kv, t, d = x.shape
    return x.unsqueeze(2).expand(b, kv, group, t, d).reshape(b, kv * group, t, d)


class Attention(nn.Module):
    def __init__(self, c: Config):
        super().__init__()
        self.c = c
        self.q = nn.Linear(c.hidden, c.heads * c.head_size, bias=False)
        self.k = nn.Linear(c.hidden, c.kv_heads * c.head_size, bias=False)
        self.v = nn.Linear(c.hidden, c.kv_heads * c.head_size, bias=False)
        self.o = nn.Linear(c.heads * c.head_size, c.hidden, bias=False)

    def forward(self, x, bias, position_ids, past_k, past_v):
        b, s, _ = x.shape
        c = self.c
        q = self.q(x).view(b, s, c.heads, c.head_size).transpose(1, 2)
        k = self.k(x).view(b, s, c.kv_heads, c.head_size).transpose(1, 2)
        v = self.v(x).view(b, s, c.kv_heads, c.head_size).transpose(1, 2)
        q = rotary(q, position_ids, c.rope_theta)
        k = rotary(k, position_ids, c.rope_theta)
        k = torch.cat([past_k, k], dim=2)
        v = torch.cat([past_v, v], dim=2)
        kk = repeat_kv(k, c.heads // c.kv_heads)
        vv = repeat_kv(v, c.heads // c.kv_heads)
        scores = q @ kk.transpose(-1, -2) / math.sqrt(c.head_size) + bias
        out = F.softmax(scores, dim=-1) @ vv
        return self.o(out.transpose(1, 2).reshape(b, s, -1)), k, v


class Block(nn.Module):
    def __init__(self, c: Config):
        super().__init__()
        self.norm1 = RMSNorm(c.hidden)
        self.attn = Attention(c)
        self.norm2 = RMSNorm(c.hidden)
        self.gate = nn.Linear(c.hidden, c.ffn, bias=False)
        self.up = nn.Linear(c.hidden, c.ffn, bias=False)
        self.down = nn.Linear(c.ffn, c.hidden, bias=False)

    def forward(self, x, bias, position_ids, past_k, past_v):
        h, k, v = self.attn(self.norm1(x), bias, position_ids, past_k, past_v)
        x = x + h
        y = self.norm2(x)
        return x + self.down(F.silu(self.gate(y)) * self.up(y)), k, v


class Decoder(nn.Module):
    def __init__(self, c: Config):
        super().__init__()
        self.c = c
        self.embed = nn.Embedding(c.vocab_size, c.hidden)
        self.blocks = nn.ModuleList(Block(c) for _ in range(c.layers))
        self.norm = RMSNorm(c.hidden)
        self.head = nn.Linear(c.hidden, c.vocab_size, bias=False)

    def forward(self, input_ids, attention_mask, position_ids, past):
        """past: list of (k, v) per layer, each [b, kv_heads, past_len, head_size] (past_len may be 0)."""
        b, s = input_ids.shape
        total = attention_mask.shape[1]
        past_len = total - s
        # Causal: query j (absolute past_len + j) sees keys 0..past_len + j; plus padding from attention_mask.
        q_pos = torch.arange(s).unsqueeze(1) + past_len
        k_pos = torch.arange(total).unsqueeze(0)
        allowed = (k_pos <= q_pos).unsqueeze(0) & (attention_mask.unsqueeze(1) > 0)  # [b, s, total]
        bias = torch.where(allowed, torch.zeros(()), torch.full((), MASK_VALUE)).unsqueeze(1)
        x = self.embed(input_ids)
        presents = []
        for block, (pk, pv) in zip(self.blocks, past):
            x, k, v = block(x, bias, position_ids, pk, pv)
            presents.append((k, v))
        return self.head(self.norm(x)), presents

    def empty_past(self, batch):
        c = self.c
        z = torch.zeros(batch, c.kv_heads, 0, c.head_size)
        return [(z, z) for _ in range(c.layers)]
