"""ONNX export in the ONNX Runtime GenAI layout, checked with onnx.checker."""
import torch
import onnx


class Flat(torch.nn.Module):
    """Flat positional inputs/outputs for torch.onnx.export: ids, mask, positions, then past k/v per layer."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(len(past_flat) // 2)]
        logits, presents = self.model(input_ids, attention_mask, position_ids, past)
        out = [logits]
        for k, v in presents:
            out += [k, v]
        return tuple(out)


def export(model, path, opset=17):
    c = model.c
    b, s, p = 1, 3, 2
    past = []
    names_in = ["input_ids", "attention_mask", "position_ids"]
    names_out = ["logits"]
    axes = {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "total_sequence"},
            "position_ids": {0: "batch", 1: "sequence"}, "logits": {0: "batch", 1: "sequence"}}
    for i in range(c.layers):
        for kind in ("key", "value"):
            past.append(torch.zeros(b, c.kv_heads, p, c.head_size))
            name = f"past_key_values.{i}.{kind}"
            names_in.append(name)
            axes[name] = {0: "batch", 2: "past_sequence"}
            out = f"present.{i}.{kind}"
            names_out.append(out)
            axes[out] = {0: "batch", 2: "total_sequence"}
    args = (torch.zeros(b, s, dtype=torch.long), torch.ones(b, p + s, dtype=torch.long),
            torch.arange(p, p + s).unsqueeze(0), *past)
    model.eval()
    torch.onnx.export(Flat(model), args, path, input_names=names_in, output_names=names_out,
                      dynamic_axes=axes, opset_version=opset, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path), full_check=True)
