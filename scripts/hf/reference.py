#!/usr/bin/env python3
"""Seeded random Hugging Face checkpoints and their reference activations.

An implementation of GPT2LMHeadModel and BertForMaskedLM of its own, written
from Hugging Face's conventions (tensor names, GPT-2's Conv1D weights stored
[in, out], BERT's Linear weights stored [out, in], GPT-2's "gelu_new" tanh
GELU and BERT's erf GELU, post-LN BERT with token types and an MLM head), in
float64 PyTorch. It shares no code with the app's TypeScript engine. Tensors
are written in the safetensors layout by hand (8-byte little-endian header
length, JSON header, raw little-endian data), as Hugging Face saves them.

    /usr/bin/python3 scripts/hf/reference.py fixtures/hf

Reads each fixture's tokenizer.json for the vocabulary size; writes
config.json, model.safetensors and reference.json (token ids, logits [T][V],
attention [L][H][T][T], residual stream [L+1][T][d], all row-major). The
activations are computed from the weights as stored (rounded to float16 or
bfloat16 where the file is), so a loader is checked on exactly what it reads.
"""
import json
import math
import os
import struct
import sys

import torch

torch.set_grad_enabled(False)


def write_safetensors(path, tensors, dtype):
    header = {"__metadata__": {"format": "pt"}}
    blobs, offset = [], 0
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        if dtype == "F32":
            data = t.to(torch.float32).numpy().astype("<f4").tobytes()
        elif dtype == "F16":
            data = t.to(torch.float16).numpy().astype("<f2").tobytes()
        elif dtype == "BF16":
            data = t.to(torch.bfloat16).view(torch.int16).numpy().astype("<i2").tobytes()
        else:
            raise ValueError(dtype)
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def stored(t, dtype):
    """The float64 values a reader gets back from a tensor stored as dtype."""
    if dtype == "F16":
        return t.to(torch.float16).to(torch.float64)
    if dtype == "BF16":
        return t.to(torch.bfloat16).to(torch.float64)
    return t.to(torch.float32).to(torch.float64)


def layer_norm(x, w, b, eps):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * w + b


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))


def gelu_erf(x):
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


def heads(x, H):
    T, d = x.shape
    return x.view(T, H, d // H).transpose(0, 1)  # (H, T, hs)


def gpt2_forward(sd, cfg, ids):
    T, d, H, L = len(ids), cfg["n_embd"], cfg["n_head"], cfg["n_layer"]
    eps = cfg["layer_norm_epsilon"]
    x = sd["wte.weight"][ids] + sd["wpe.weight"][:T]  # (T, d)
    residual, attention = [x], []
    causal = torch.tril(torch.ones(T, T, dtype=torch.bool))
    for i in range(L):
        p = f"h.{i}."
        h = layer_norm(x, sd[p + "ln_1.weight"], sd[p + "ln_1.bias"], eps)
        qkv = h @ sd[p + "attn.c_attn.weight"] + sd[p + "attn.c_attn.bias"]  # Conv1D: x @ W, W is [in, out]
        q, k, v = (heads(t, H) for t in qkv.split(d, dim=-1))
        s = (q @ k.transpose(-1, -2)) / math.sqrt(d // H)  # (H, T, T)
        s = s.masked_fill(~causal, float("-inf"))
        a = torch.softmax(s, dim=-1)
        attention.append(a)
        o = (a @ v).transpose(0, 1).reshape(T, d)
        x = x + o @ sd[p + "attn.c_proj.weight"] + sd[p + "attn.c_proj.bias"]
        h = layer_norm(x, sd[p + "ln_2.weight"], sd[p + "ln_2.bias"], eps)
        m = gelu_new(h @ sd[p + "mlp.c_fc.weight"] + sd[p + "mlp.c_fc.bias"])
        x = x + m @ sd[p + "mlp.c_proj.weight"] + sd[p + "mlp.c_proj.bias"]
        residual.append(x)
    hf = layer_norm(x, sd["ln_f.weight"], sd["ln_f.bias"], eps)
    logits = hf @ sd["wte.weight"].T  # lm_head tied to wte
    return logits, torch.stack(attention), torch.stack(residual)


def bert_forward(sd, cfg, ids):
    T, d, H, L = len(ids), cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_hidden_layers"]
    eps = cfg["layer_norm_eps"]
    e = "embeddings."
    x = sd[e + "word_embeddings.weight"][ids] + sd[e + "position_embeddings.weight"][:T] + sd[e + "token_type_embeddings.weight"][0]
    x = layer_norm(x, sd[e + "LayerNorm.weight"], sd[e + "LayerNorm.bias"], eps)
    residual, attention = [x], []

    def linear(v, name):  # nn.Linear: weight is [out, in]
        return v @ sd[name + ".weight"].T + sd[name + ".bias"]

    for i in range(L):
        p = f"encoder.layer.{i}."
        q, k, v = (heads(linear(x, p + "attention.self." + n), H) for n in ("query", "key", "value"))
        a = torch.softmax((q @ k.transpose(-1, -2)) / math.sqrt(d // H), dim=-1)
        attention.append(a)
        o = linear((a @ v).transpose(0, 1).reshape(T, d), p + "attention.output.dense")
        x = layer_norm(o + x, sd[p + "attention.output.LayerNorm.weight"], sd[p + "attention.output.LayerNorm.bias"], eps)
        m = linear(gelu_erf(linear(x, p + "intermediate.dense")), p + "output.dense")
        x = layer_norm(m + x, sd[p + "output.LayerNorm.weight"], sd[p + "output.LayerNorm.bias"], eps)
        residual.append(x)
    c = "cls.predictions."
    t = gelu_erf(linear(x, c + "transform.dense"))
    t = layer_norm(t, sd[c + "transform.LayerNorm.weight"], sd[c + "transform.LayerNorm.bias"], eps)
    logits = t @ sd[e + "word_embeddings.weight"].T + sd[c + "bias"]  # decoder tied to the word embeddings
    return logits, torch.stack(attention), torch.stack(residual)


def rnd(g, *shape, std=1.0, mean=0.0):
    return torch.randn(*shape, generator=g, dtype=torch.float64) * std + mean


def gpt2_weights(g, cfg):
    d, V, P, F = cfg["n_embd"], cfg["vocab_size"], cfg["n_positions"], 4 * cfg["n_embd"]
    sd = {"wte.weight": rnd(g, V, d, std=0.5), "wpe.weight": rnd(g, P, d, std=0.3)}
    for i in range(cfg["n_layer"]):
        p = f"h.{i}."
        for ln in ("ln_1", "ln_2"):
            sd[p + ln + ".weight"] = rnd(g, d, std=0.2, mean=1.0)
            sd[p + ln + ".bias"] = rnd(g, d, std=0.1)
        for name, shape in (("attn.c_attn", (d, 3 * d)), ("attn.c_proj", (d, d)), ("mlp.c_fc", (d, F)), ("mlp.c_proj", (F, d))):
            sd[p + name + ".weight"] = rnd(g, *shape, std=1.0 / math.sqrt(shape[0]))
            sd[p + name + ".bias"] = rnd(g, shape[1], std=0.1)
    sd["ln_f.weight"] = rnd(g, d, std=0.2, mean=1.0)
    sd["ln_f.bias"] = rnd(g, d, std=0.1)
    return sd


def bert_weights(g, cfg):
    d, V, P, F = cfg["hidden_size"], cfg["vocab_size"], cfg["max_position_embeddings"], cfg["intermediate_size"]
    e = "embeddings."
    sd = {
        e + "word_embeddings.weight": rnd(g, V, d, std=0.5),
        e + "position_embeddings.weight": rnd(g, P, d, std=0.3),
        e + "token_type_embeddings.weight": rnd(g, cfg["type_vocab_size"], d, std=0.3),
        e + "LayerNorm.weight": rnd(g, d, std=0.2, mean=1.0),
        e + "LayerNorm.bias": rnd(g, d, std=0.1),
    }

    def lin(name, n_in, n_out):
        sd[name + ".weight"] = rnd(g, n_out, n_in, std=1.0 / math.sqrt(n_in))
        sd[name + ".bias"] = rnd(g, n_out, std=0.1)

    def ln(name):
        sd[name + ".weight"] = rnd(g, d, std=0.2, mean=1.0)
        sd[name + ".bias"] = rnd(g, d, std=0.1)

    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        for n in ("query", "key", "value"):
            lin(p + "attention.self." + n, d, d)
        lin(p + "attention.output.dense", d, d)
        ln(p + "attention.output.LayerNorm")
        lin(p + "intermediate.dense", d, F)
        lin(p + "output.dense", F, d)
        ln(p + "output.LayerNorm")
    lin("cls.predictions.transform.dense", d, d)
    ln("cls.predictions.transform.LayerNorm")
    sd["cls.predictions.bias"] = rnd(g, V, std=0.1)
    return sd


def flat(t):
    return [float(f"{v:.7g}") for v in t.reshape(-1).tolist()]


def vocab_size(folder):
    with open(os.path.join(folder, "tokenizer.json")) as f:
        tok = json.load(f)
    ids = list(tok["model"]["vocab"].values()) + [a["id"] for a in tok.get("added_tokens", [])]
    return max(ids) + 1


def gpt2_config(V):
    return {
        "architectures": ["GPT2LMHeadModel"],
        "model_type": "gpt2",
        "activation_function": "gelu_new",
        "bos_token_id": V - 1,
        "eos_token_id": V - 1,
        "layer_norm_epsilon": 1e-5,
        "n_ctx": 64,
        "n_embd": 32,
        "n_head": 4,
        "n_inner": None,
        "n_layer": 2,
        "n_positions": 64,
        "vocab_size": V,
        "torch_dtype": "float32",
    }


def bert_config(V):
    return {
        "architectures": ["BertForMaskedLM"],
        "model_type": "bert",
        "hidden_act": "gelu",
        "hidden_size": 32,
        "intermediate_size": 64,
        "layer_norm_eps": 1e-12,
        "max_position_embeddings": 64,
        "num_attention_heads": 4,
        "num_hidden_layers": 2,
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "type_vocab_size": 2,
        "vocab_size": V,
        "torch_dtype": "float32",
    }


def make(root, name, family, seed, dtype, variant):
    folder = os.path.join(root, name)
    V = vocab_size(folder)
    g = torch.Generator().manual_seed(seed)
    cfg = gpt2_config(V) if family == "gpt2" else bert_config(V)
    cfg["torch_dtype"] = {"F32": "float32", "F16": "float16", "BF16": "bfloat16"}[dtype]
    sd = gpt2_weights(g, cfg) if family == "gpt2" else bert_weights(g, cfg)
    used = {k: stored(v, dtype) for k, v in sd.items()}
    T = 12
    ids = torch.randint(0, V - 1, (T,), generator=g)
    if family == "bert":
        ids[0], ids[-1], ids[5] = 2, 3, 4  # [CLS] ... [MASK] ... [SEP]
    ids = ids.tolist()
    fwd = gpt2_forward if family == "gpt2" else bert_forward
    logits, attention, residual = fwd(used, cfg, ids)
    # The file in one of the layouts seen on the Hub.
    out = {}
    if family == "gpt2":
        prefix = "transformer." if variant == "prefixed" else ""
        for k, v in sd.items():
            out[prefix + k] = v
        if variant == "hub":  # the gpt2 repository's file also holds the attention-mask buffers
            P = cfg["n_positions"]
            for i in range(cfg["n_layer"]):
                out[f"h.{i}.attn.bias"] = torch.tril(torch.ones(P, P, dtype=torch.float64)).view(1, 1, P, P)
                out[f"h.{i}.attn.masked_bias"] = torch.tensor(-1e4, dtype=torch.float64)
    else:
        for k, v in sd.items():
            key = k if k.startswith("cls.") else "bert." + k
            if variant == "legacy":  # older BERT checkpoints name LayerNorm parameters gamma / beta
                key = key.replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta")
            out[key] = v
        if variant == "legacy":  # an explicit (tied) decoder, as some exports keep it
            out["cls.predictions.decoder.weight"] = sd["embeddings.word_embeddings.weight"]
            out["cls.predictions.decoder.bias"] = sd["cls.predictions.bias"]
        else:  # BertForPreTraining's extra heads, which the app ignores
            d = cfg["hidden_size"]
            out["bert.pooler.dense.weight"] = rnd(g, d, d, std=0.1)
            out["bert.pooler.dense.bias"] = rnd(g, d, std=0.1)
            out["cls.seq_relationship.weight"] = rnd(g, 2, d, std=0.1)
            out["cls.seq_relationship.bias"] = rnd(g, 2, std=0.1)
    write_safetensors(os.path.join(folder, "model.safetensors"), out, dtype)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    ref = {
        "note": "scripts/hf/reference.py: float64 PyTorch on the stored weights",
        "dtype": dtype,
        "ids": ids,
        "logits": flat(logits),
        "attention": flat(attention),
        "residual": flat(residual),
    }
    with open(os.path.join(folder, "reference.json"), "w") as f:
        json.dump(ref, f, separators=(",", ":"))
    print(f"{folder}: {dtype}, {len(out)} tensors, vocab {V}, |logits| max {logits.abs().max():.2f}")


if __name__ == "__main__":
    root = sys.argv[1] if len(sys.argv) > 1 else "fixtures/hf"
    make(root, "gpt2-tiny", "gpt2", 18, "F32", "prefixed")
    make(root, "gpt2-tiny-hub", "gpt2", 19, "F16", "hub")
    make(root, "bert-tiny", "bert", 20, "F32", "pretraining")
    make(root, "bert-tiny-bf16", "bert", 21, "BF16", "legacy")
