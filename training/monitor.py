"""Live checks during training (--monitor): the teaching metrics on held-out material, computed from the model
being trained, so a run shows in its log whether the phenomena are forming. The figures that count come from
`npm run eval` (the app's TypeScript engine); these are the same definitions in NumPy/PyTorch:

- "bank" sense: leave-one-out nearest-centroid accuracy (cosine) of the residual vector at the word, position
  vector removed, per layer, on the real (Brown/WordNet) and the classroom sentences of polysemy.json
  (token ids from training/data/eval.json, written by training/eval/prepare.ts);
- induction: loss on the second copy of a repeated block of random tokens, against the first copy.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F


def loo_accuracy(vecs, labels):
    """Leave-one-out nearest centroid with cosine similarity (src/analysis/senses.ts)."""
    vecs = np.asarray(vecs, dtype=np.float64)
    labels = np.asarray(labels)
    senses = sorted(set(labels.tolist()))
    sums = {s: vecs[labels == s].sum(0) for s in senses}
    counts = {s: int((labels == s).sum()) for s in senses}
    correct = 0
    preds = []
    for v, own in zip(vecs, labels):
        best, best_sim = None, -np.inf
        for s in senses:
            c = counts[s] - (1 if s == own else 0)
            if c == 0:
                continue
            cen = (sums[s] - (v if s == own else 0)) / c
            sim = float(v @ cen / (np.linalg.norm(v) * np.linalg.norm(cen) + 1e-12))
            if sim > best_sim:
                best, best_sim = s, sim
        preds.append(best)
        correct += best == own
    return correct / max(1, len(labels)), preds


def cosine_gap(vecs, labels):
    """Mean within-sense minus mean across-sense cosine over all pairs (src/analysis/senses.ts cosineGap)."""
    v = np.asarray(vecs, dtype=np.float64)
    v = v / (np.linalg.norm(v, axis=1, keepdims=True) + 1e-12)
    c = v @ v.T
    labels = np.asarray(labels)
    same = labels[:, None] == labels[None, :]
    upper = np.triu(np.ones_like(c, dtype=bool), 1)
    return float(c[same & upper].mean() - c[~same & upper].mean())


class Monitor:
    def __init__(self, root, causal, context, vocab, seed=5):
        path = os.path.join(root, 'training', 'data', 'eval.json')
        self.ok = os.path.exists(path)
        if not self.ok:
            return
        data = json.load(open(path))
        self.causal, self.context = causal, context
        self.words = {}
        for w in data['polysemy']:
            items = [s for s in w['sentences'] if s['at'] >= 0]
            self.words[w['word']] = items
        rng = np.random.default_rng(seed)
        self.blocks = [rng.integers(5, vocab, 20) for _ in range(16)]

    def _window(self, ids, at):
        n, C = len(ids), self.context
        if n <= C:
            return ids, at
        if self.causal:
            start = max(0, at + 1 - C)
        else:
            start = min(max(0, at - C // 2), n - C)
        return ids[start:start + C], at - start

    @torch.no_grad()
    def senses(self, model, word='bank'):
        vecs, labels, source, cue = [], [], [], []
        for s in self.words.get(word, []):
            ids, at = self._window(s['ids'], s['at'])
            probes = {'attention': [], 'residual': []}
            model(torch.tensor([ids]), probes)
            pos = model.wpe.weight[at]
            vecs.append(torch.stack([r[at] - pos for r in probes['residual']]).numpy())
            labels.append(s['sense'])
            source.append('classroom' if s['source'] == 'classroom' else 'real')
            cue.append(bool(s['cueBefore']))
        if not vecs:
            return {}
        vecs = np.stack(vecs)  # (S, L+1, d)
        out = {}
        for group in ('real', 'classroom'):
            idx = [i for i, g in enumerate(source) if g == group]
            accs, cues = [], []
            for layer in range(vecs.shape[1]):
                acc, preds = loo_accuracy(vecs[idx, layer], [labels[i] for i in idx])
                accs.append(acc)
                c = [j for j, i in enumerate(idx) if cue[i]]
                cues.append(sum(preds[j] == labels[idx[j]] for j in c) / max(1, len(c)))
            out[group] = accs
            out[group + '-cue'] = cues
            out[group + '-gap'] = [cosine_gap(vecs[idx, layer], [labels[i] for i in idx]) for layer in range(vecs.shape[1])]
        return out

    @torch.no_grad()
    def induction(self, model):
        first, second = [], []
        for b in self.blocks:
            x = torch.from_numpy(np.concatenate([b, b])[None, :]).long()
            logits = model(x)[0]
            n = len(b)
            loss = F.cross_entropy(logits[:-1], x[0, 1:], reduction='none')
            first.append(loss[:n - 1].mean().item())
            second.append(loss[n:].mean().item())
        return float(np.mean(first)), float(np.mean(second))

    def report(self, model):
        if not self.ok:
            return ''
        was = model.training
        model.eval()
        s = self.senses(model)
        parts = []
        for k in ('real', 'real-cue', 'classroom'):
            if k in s and (self.causal or k != 'real-cue'):
                parts.append(f"{k} {' '.join(f'{100 * a:.0f}' for a in s[k])}")
        if 'real-gap' in s:
            parts.append(f"real gap {' '.join(f'{g:.3f}' for g in s['real-gap'])}")
        if self.causal:
            a, b = self.induction(model)
            parts.append(f'induction 1st {a:.2f} 2nd {b:.2f}')
        if was:
            model.train()
        return 'monitor: bank ' + ' | '.join(parts)
