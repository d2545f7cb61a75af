"""The model folder's JSON files: tokenizer.json (Hugging Face format), tokenizer_config.json, genai_config.json."""
import json

import bpe

SPECIALS = ["<|pad|>", "<|bos|>", "<|eos|>", "<|user|>", "<|assistant|>", "<|system|>", "<|end|>"]
CHAT_TEMPLATE = ("{% for message in messages %}{{ '<|' + message['role'] + '|>\\n' + message['content'] + '<|end|>\\n' }}"
                 "{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}")


def tokenizer_json(vocab, merges):
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True} for i, t in enumerate(SPECIALS)],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": {t: i for i, t in enumerate(vocab)},
                  "merges": [a + " " + b for a, b in merges]},
    }


def tokenizer_config(context):
    return {
        "bos_token": "<|bos|>", "eos_token": "<|eos|>", "pad_token": "<|pad|>", "unk_token": None,
        "add_bos_token": False, "add_eos_token": False, "model_max_length": context,
        "chat_template": CHAT_TEMPLATE, "tokenizer_class": "PreTrainedTokenizerFast",
        # Decoding must give back the exact text (no space clean-up around punctuation).
        "clean_up_tokenization_spaces": False,
    }


def genai_config(c, ids):
    return {
        "model": {
            "bos_token_id": ids["<|bos|>"], "context_length": c.context,
            # A turn ends with <|end|>; plain text ends with <|eos|>.
            "eos_token_id": [ids["<|eos|>"], ids["<|end|>"]], "pad_token_id": ids["<|pad|>"],
            "type": "llama", "vocab_size": c.vocab_size,
            "decoder": {
                "session_options": {"log_id": "onnxruntime-genai", "provider_options": []},
                "filename": "model.onnx", "head_size": c.head_size, "hidden_size": c.hidden,
                "num_attention_heads": c.heads, "num_hidden_layers": c.layers, "num_key_value_heads": c.kv_heads,
                "inputs": {"input_ids": "input_ids", "attention_mask": "attention_mask", "position_ids": "position_ids",
                           "past_key_names": "past_key_values.%d.key", "past_value_names": "past_key_values.%d.value"},
                "outputs": {"logits": "logits", "present_key_names": "present.%d.key", "present_value_names": "present.%d.value"},
            },
        },
        "search": {"diversity_penalty": 0.0, "do_sample": False, "early_stopping": True, "length_penalty": 1.0,
                   "max_length": c.context, "min_length": 0, "no_repeat_ngram_size": 0, "num_beams": 1,
                   "num_return_sequences": 1, "past_present_share_buffer": False, "repetition_penalty": 1.0,
                   "temperature": 1.0, "top_k": 50, "top_p": 1.0},
    }


def write(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1 if "tokenizer.json" not in path else None)
        f.write("\n")


def decode(vocab, ids):
    inverse = {c: b for b, c in bpe.BYTE_TO_CHAR.items()}
    text = "".join(vocab[i] for i in ids if vocab[i] not in SPECIALS)
    return bytes(inverse[ch] for ch in text).decode("utf-8", errors="replace")
