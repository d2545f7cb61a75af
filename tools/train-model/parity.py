"""PyTorch vs ONNX Runtime (onnxruntime-node): prefill logits, 16 greedy decode steps on ORT's KV cache against a
full no-cache PyTorch forward, and a left-padded batch against each prompt alone. Max abs difference <= 1e-4."""
import json
import os
import shutil
import subprocess
import tempfile

import torch

TOLERANCE = 1e-4
ORT_DIR = os.path.expanduser("~/.cache/train-model/ort")


def ensure_ort():
    module = os.path.join(ORT_DIR, "node_modules", "onnxruntime-node")
    if os.path.isdir(module):
        return module
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise SystemExit("The ONNX Runtime parity check needs node and npm (apt-get install -y npm).")
    os.makedirs(ORT_DIR, exist_ok=True)
    with open(os.path.join(ORT_DIR, "package.json"), "w") as f:
        f.write('{"name":"ort-check","private":true}')
    # The package ships the CPU library; its install script (a download) fails here, so it is skipped.
    env = dict(os.environ, ONNXRUNTIME_NODE_INSTALL="skip")
    subprocess.run(["npm", "install", "onnxruntime-node@1.30.0", "--no-audit", "--no-fund"], cwd=ORT_DIR, env=env, check=True)
    return module


@torch.no_grad()
def full_logits(model, ids):
    x = torch.tensor([ids])
    logits, _ = model(x, torch.ones_like(x), torch.arange(len(ids)).unsqueeze(0), model.empty_past(1))
    return logits[0]


@torch.no_grad()
def check(model, onnx_path, prompt, batch_prompts, pad_id, steps=16):
    model.eval()
    # Greedy continuation chosen by PyTorch; ORT is fed the same tokens so both score identical sequences.
    seq = list(prompt)
    for _ in range(steps):
        seq.append(int(full_logits(model, seq)[-1].argmax()))
    decode_tokens = seq[len(prompt):]
    c = model.c
    spec = {"model": os.path.abspath(onnx_path), "layers": c.layers, "kvHeads": c.kv_heads, "headSize": c.head_size,
            "pad": pad_id, "prompt": prompt, "decode": decode_tokens, "batch": batch_prompts}
    with tempfile.TemporaryDirectory() as tmp:
        spec_path, out_path = os.path.join(tmp, "spec.json"), os.path.join(tmp, "out.json")
        with open(spec_path, "w") as f:
            json.dump(spec, f)
        script = os.path.join(os.path.dirname(__file__), "check_ort.js")
        subprocess.run(["node", script, ensure_ort(), spec_path, out_path], check=True)
        with open(out_path) as f:
            ort = json.load(f)
    reference = full_logits(model, seq)
    prefill = (torch.tensor(ort["prefill"]).view(len(prompt), -1) - reference[: len(prompt)]).abs().max().item()
    decode = max((torch.tensor(ort["decode"][i]) - reference[len(prompt) + i]).abs().max().item() for i in range(steps))
    batch = max((torch.tensor(ort["batch"][r]) - full_logits(model, p)[-1]).abs().max().item() for r, p in enumerate(batch_prompts))
    figures = {"prefill_max_abs_diff": prefill, "decode16_max_abs_diff": decode, "padded_batch_max_abs_diff": batch}
    worst = max(figures.values())
    if worst > TOLERANCE:
        raise SystemExit(f"ONNX Runtime disagrees with PyTorch: {figures}")
    return figures
