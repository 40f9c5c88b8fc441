"""Offline checks of an exported model, with an independent NumPy forward pass.

    npx tsx training/eval/prepare.ts            # token ids for the checks
    python3 training/eval/evaluate.py tiny-gpt [--quick]

1. Reads public/models/<id>/model.json + weights.bin (float16, or 8-bit q * scale + min, -> float32)
   exactly as the app does, and runs the forward pass written from the spec
   in NumPy (not the PyTorch training code); compares logits, attention and
   residuals with training/reference/<id>.json.
2. Sense separation of each preset word: nearest-centroid leave-one-out
   accuracy of the word's residual vector at every layer (all sentences, and
   for GPT only sentences whose cue comes before the word).
3. Few-shot accuracy on held-out pairs, k = 0..5 (GPT; greedy decoding of the
   answer's tokens).
4. Induction: loss on the second copy of a repeated random token sequence
   vs the first.
"""
import base64
import json
import os
import sys

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))


def load_export(mid):
    d = os.path.join(ROOT, 'public', 'models', mid)
    mj = json.load(open(os.path.join(d, 'model.json')))
    W, off = {}, 0
    for group in mj['weightsManifest']:
        blob = b''.join(open(os.path.join(d, p), 'rb').read() for p in group['paths'])
        for w in group['weights']:
            n = int(np.prod(w['shape']))
            q = w.get('quantization') or {}
            if q.get('dtype') == 'uint8':  # one (scale, min) per tensor, decoded in float64 as TF.js does
                codes = np.frombuffer(blob, dtype=np.uint8, count=n, offset=off).astype(np.float64)
                W[w['name']] = (codes * q['scale'] + q['min']).astype(np.float32).reshape(w['shape'])
                off += n
            else:
                W[w['name']] = np.frombuffer(blob, dtype='<f2', count=n, offset=off).astype(np.float32).reshape(w['shape'])
                off += 2 * n
        off = 0
    return mj, W


def ln(x, g, b, eps):
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * g + b


def gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def forward(W, c, ids):
    T, d, H = len(ids), c['dModel'], c['nHeads']
    hs = d // H
    x = W['wte'][ids] + W['wpe'][:T]
    resid, attn = [x], []
    for i in range(c['nLayers']):
        p = f'blocks.{i}.'
        h = ln(x, W[p + 'ln1.gamma'], W[p + 'ln1.beta'], c['layerNormEps'])
        q, k, v = (h @ W[p + f'attn.{n}.w'] + W[p + f'attn.{n}.b'] for n in 'qkv')
        heads, A = [], []
        for j in range(H):
            sl = slice(j * hs, (j + 1) * hs)
            s = q[:, sl] @ k[:, sl].T / np.sqrt(hs)
            if c['causal']:
                s = np.where(np.triu(np.ones((T, T), bool), 1), -np.inf, s)
            s = np.exp(s - s.max(-1, keepdims=True))
            a = s / s.sum(-1, keepdims=True)
            A.append(a)
            heads.append(a @ v[:, sl])
        attn.append(np.stack(A))
        x = x + np.concatenate(heads, -1) @ W[p + 'attn.o.w'] + W[p + 'attn.o.b']
        h2 = ln(x, W[p + 'ln2.gamma'], W[p + 'ln2.beta'], c['layerNormEps'])
        x = x + gelu(h2 @ W[p + 'mlp.fc.w'] + W[p + 'mlp.fc.b']) @ W[p + 'mlp.proj.w'] + W[p + 'mlp.proj.b']
        resid.append(x)
    logits = ln(x, W['lnf.gamma'], W['lnf.beta'], c['layerNormEps']) @ W['wte'].T
    return logits, np.stack(attn), np.stack(resid)


def unb64(o):
    return np.frombuffer(base64.b64decode(o['data']), dtype='<f4').reshape(o['shape'])


def log_softmax(z):
    z = z - z.max(-1, keepdims=True)
    return z - np.log(np.exp(z).sum(-1, keepdims=True))


def loo_centroid(X, y):
    """Leave-one-out nearest-centroid accuracy (cosine on mean-centred vectors)."""
    X = X - X.mean(0)
    labels = sorted(set(y))
    y = np.array(y)
    sums = {l: X[y == l].sum(0) for l in labels}
    cnt = {l: (y == l).sum() for l in labels}
    ok = 0
    for i in range(len(X)):
        best, bl = -np.inf, None
        for l in labels:
            n = cnt[l] - (y[i] == l)
            if n == 0:
                continue
            cen = (sums[l] - (X[i] if y[i] == l else 0)) / n
            sc = X[i] @ cen / (np.linalg.norm(X[i]) * np.linalg.norm(cen) + 1e-9)
            if sc > best:
                best, bl = sc, l
        ok += bl == y[i]
    return ok / len(X)


def main():
    mid = sys.argv[1]
    quick = '--quick' in sys.argv
    mj, W = load_export(mid)
    c = mj['config']
    ref = json.load(open(os.path.join(ROOT, 'training', 'reference', f'{mid}.json')))
    for p in ref['prompts']:
        lg, at, rs = forward(W, c, p['ids'])
        print(f"reference '{p['text'][:30]}': max|dlogits| {np.abs(lg - unb64(p['logits'])).max():.2e} "
              f"max|dattn| {np.abs(at - unb64(p['attention'])).max():.2e} max|dresid| {np.abs(rs - unb64(p['residual'])).max():.2e}")
    ev = json.load(open(os.path.join(ROOT, 'training', 'data', 'eval.json')))
    for w in ev['polysemy']:
        sents = [s for s in w['sentences'] if s['at'] >= 0]
        R = []
        for s in sents:  # a sentence longer than the context: a window around the word
            T = c['contextLength']
            st = max(0, min(s['at'] - T // 2, len(s['ids']) - T))
            R.append(forward(W, c, s['ids'][st:st + T])[2][:, s['at'] - st])  # (L+1, d)
        R = np.stack(R)
        y = [s['sense'] for s in sents]
        accs = [loo_centroid(R[:, l], y) for l in range(R.shape[1])]
        line = f"{w['word']:7s} n={len(sents)} LOO acc by layer " + ' '.join(f'{a:.2f}' for a in accs)
        cb = [i for i, s in enumerate(sents) if s['cueBefore']]
        if c['causal'] and len(set(y[i] for i in cb)) > 1:
            accb = [loo_centroid(R[cb, l], [y[i] for i in cb]) for l in range(R.shape[1])]
            line += f" | cue-before n={len(cb)}: " + ' '.join(f'{a:.2f}' for a in accb)
        # Each kind of sentence alone (real: Brown and WordNet; classroom), where it has both senses.
        for name, keep in (('real', lambda s: s['source'] != 'classroom'), ('classroom', lambda s: s['source'] == 'classroom')):
            part = [i for i, s in enumerate(sents) if keep(s)]
            if len(set(y[i] for i in part)) < 2:
                continue
            accp = [loo_centroid(R[part, l], [y[i] for i in part]) for l in range(R.shape[1])]
            line += f' | {name} n={len(part)}: ' + ' '.join(f'{a:.2f}' for a in accp)
        print(line)
    if c['causal']:
        res = {}
        per = 20 if quick else 60
        counts = {}
        for f in ev['fewshot']:
            key = (f['task'], f['instruction'], f['k'])
            counts[key] = counts.get(key, 0) + 1
            if counts[key] > per:
                continue
            ids = list(f['ids'])
            ok = True
            for a in f['answer']:
                lg = forward(W, c, ids[-c['contextLength']:])[0][-1]
                if int(lg.argmax()) != a:
                    ok = False
                    break
                ids.append(a)
            res.setdefault(key, []).append(ok)
        for task in sorted(set(k[0] for k in res)):
            for ins in (True, False):
                row = [np.mean(res[(task, ins, k)]) if (task, ins, k) in res else float('nan') for k in range(6)]
                print(f"few-shot {task:15s} instr={'y' if ins else 'n'} k=0..5: " + ' '.join(f'{a:.2f}' for a in row))
    rng = np.random.default_rng(0)
    l1, l2 = [], []
    for _ in range(5 if quick else 20):
        seq = rng.integers(5, c['vocabSize'], 30)
        ids = np.concatenate([seq, seq])
        lp = log_softmax(forward(W, c, ids)[0])
        nll = -lp[np.arange(59), ids[1:]]
        l1.append(nll[:29].mean())
        l2.append(nll[30:].mean())
    if c['causal']:
        print(f'induction: loss 1st copy {np.mean(l1):.3f}, 2nd copy {np.mean(l2):.3f}, ratio {np.mean(l2) / np.mean(l1):.3f}')


if __name__ == '__main__':
    main()
