"""Trains the shipped models (tiny-gpt: causal LM, tiny-bert: masked LM) on CPU.

    python3 training/train.py --model gpt    # or bert, or all (one after the other)

Reads training/data/{train,val}.bin and meta.json (written by `npm run corpus`),
exports to public/models/<id>/ (model.json, weights.bin, card.json) and
training/reference/<id>.json every --export-every minutes and at the end, so a
run that is cut short still leaves a usable model. Everything is seeded.

The model is written out by hand (no nn.TransformerEncoder) so that it is
line by line the forward pass of the TypeScript engine (src/model/):
tied embeddings, pre-LayerNorm blocks, GELU(tanh), no dropout.
"""
import argparse
import base64
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
SPECIAL_MASK, SPECIAL_SEP, NEWLINE, FIRST_PLAIN = 2, 3, 4, 5

PRESETS = {
    # which objective and attention mask each shipped model uses
    'gpt': dict(id='tiny-gpt', objective='clm', causal=True),
    'bert': dict(id='tiny-bert', objective='mlm', causal=False),
}


class Block(nn.Module):
    def __init__(self, d, n_heads, d_mlp, eps, causal):
        super().__init__()
        self.n_heads, self.causal = n_heads, causal
        self.ln1 = nn.LayerNorm(d, eps=eps)
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))
        self.ln2 = nn.LayerNorm(d, eps=eps)
        self.fc = nn.Linear(d, d_mlp)
        self.proj = nn.Linear(d_mlp, d)

    def forward(self, x, probes=None, causal=None):
        B, T, d = x.shape
        hs = d // self.n_heads
        h = self.ln1(x)
        # (B, T, d) -> (B, nh, T, hs): head j takes columns j*hs..(j+1)*hs
        q = self.q(h).view(B, T, self.n_heads, hs).transpose(1, 2)
        k = self.k(h).view(B, T, self.n_heads, hs).transpose(1, 2)
        v = self.v(h).view(B, T, self.n_heads, hs).transpose(1, 2)
        s = q @ k.transpose(-2, -1) / math.sqrt(hs)  # (B, nh, T, T)
        if self.causal if causal is None else causal:
            mask = torch.ones(T, T, dtype=torch.bool).triu(1)
            s = s.masked_fill(mask, float('-inf'))
        a = F.softmax(s, dim=-1)
        if probes is not None:
            probes['attention'].append(a[0].detach().clone())
        y = (a @ v).transpose(1, 2).reshape(B, T, d)  # merge heads
        x = x + self.o(y)
        x = x + self.proj(F.gelu(self.fc(self.ln2(x)), approximate='tanh'))
        return x


class Transformer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        d = cfg['dModel']
        self.wte = nn.Embedding(cfg['vocabSize'], d)
        self.wpe = nn.Embedding(cfg['contextLength'], d)
        self.blocks = nn.ModuleList(
            Block(d, cfg['nHeads'], cfg['dMlp'], cfg['layerNormEps'], cfg['causal']) for _ in range(cfg['nLayers'])
        )
        self.lnf = nn.LayerNorm(d, eps=cfg['layerNormEps'])
        self.apply(self._init)
        for b in self.blocks:  # GPT-2 style: residual projections scaled by depth
            nn.init.normal_(b.o.weight, std=0.02 / math.sqrt(2 * cfg['nLayers']))
            nn.init.normal_(b.proj.weight, std=0.02 / math.sqrt(2 * cfg['nLayers']))

    @staticmethod
    def _init(m):
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, std=0.02)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Embedding):
            nn.init.normal_(m.weight, std=0.02)

    def forward(self, ids, probes=None, causal=None, hidden=None):
        """`causal` overrides the model's own attention mask for this call (None: the model's). `hidden`, a list,
        receives every block's output (B, T, d), before the final LayerNorm (for the context-words head)."""
        T = ids.shape[1]
        x = self.wte(ids) + self.wpe(torch.arange(T))  # (B, T, d)
        if probes is not None:
            probes['residual'].append(x[0].detach().clone())
        for b in self.blocks:
            x = b(x, probes, causal)
            if hidden is not None:
                hidden.append(x)
            if probes is not None:
                probes['residual'].append(x[0].detach().clone())
        return self.lnf(x) @ self.wte.weight.t()  # (B, T, V), tied output, no bias


def named_weights(model):
    """(name, [in,out]-convention numpy array) in the order of src/model/config.ts weightSpecs()."""
    out = [('wte', model.wte.weight), ('wpe', model.wpe.weight)]
    for i, b in enumerate(model.blocks):
        p = f'blocks.{i}'
        out += [(f'{p}.ln1.gamma', b.ln1.weight), (f'{p}.ln1.beta', b.ln1.bias)]
        for n in 'qkvo':
            lin = getattr(b, n)
            out += [(f'{p}.attn.{n}.w', lin.weight.t()), (f'{p}.attn.{n}.b', lin.bias)]
        out += [(f'{p}.ln2.gamma', b.ln2.weight), (f'{p}.ln2.beta', b.ln2.bias)]
        out += [(f'{p}.mlp.fc.w', b.fc.weight.t()), (f'{p}.mlp.fc.b', b.fc.bias)]
        out += [(f'{p}.mlp.proj.w', b.proj.weight.t()), (f'{p}.mlp.proj.b', b.proj.bias)]
    out += [('lnf.gamma', model.lnf.weight), ('lnf.beta', model.lnf.bias)]
    return [(n, t.detach().cpu().numpy().astype(np.float32)) for n, t in out]


def write_atomic(path, data, binary=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + '.tmp'
    with open(tmp, 'wb' if binary else 'w') as f:
        f.write(data)
    os.replace(tmp, path)


def b64(t):
    a = np.ascontiguousarray(t.detach().cpu().numpy().astype('<f4'))
    return {'shape': list(a.shape), 'data': base64.b64encode(a.tobytes()).decode('ascii')}


def quantize_u8(w):
    """8-bit affine quantization of one tensor (TensorFlow.js's uint8 weights): codes q in 0..255 with
    value = q * scale + min, one (scale, min) per tensor. Returns (codes, scale, min, the values the app decodes):
    the decoded values are computed in float64 and rounded to float32, as tf.io.decodeWeights does in JavaScript.
    Elementwise, so a matrix and its transpose give the same codes."""
    w = np.asarray(w, dtype=np.float64)
    lo, hi = float(w.min()), float(w.max())
    scale = (hi - lo) / 255.0 if hi > lo else 1.0
    q = np.clip(np.rint((w - lo) / scale), 0, 255).astype(np.uint8)
    return q, scale, lo, (q.astype(np.float64) * scale + lo).astype(np.float32)


def encode_tensor(w, bits8):
    """One tensor as it ships: (its bytes in weights.bin, its manifest quantization, the values the app decodes).
    Matrices are 8-bit under --weights-8bit, everything else float16."""
    if bits8 and w.ndim == 2:
        q, scale, lo, decoded = quantize_u8(w)
        return q.tobytes(), {'dtype': 'uint8', 'scale': scale, 'min': lo, 'original_dtype': 'float32'}, decoded
    half = w.astype('<f2')
    return half.tobytes(), {'dtype': 'float16', 'original_dtype': 'float32'}, half.astype(np.float32)


def weights_format(bits8):
    return ('matrices 8-bit affine (uint8, one scale and minimum per tensor), vectors float16' if bits8 else 'float16')


def export(model, preset, meta, facts, bits8=False):
    """model.json, weights.bin and card.json in public/models/<id>/ and the reference activations. Weights are
    float16; with bits8 (--weights-8bit) every matrix (embeddings, attention and MLP weights) is 8-bit affine and the
    vectors (biases, LayerNorm) stay float16, which halves the file again."""
    mid = preset['id']
    out_dir = os.path.join(ROOT, 'public', 'models', mid)
    weights = named_weights(model)
    chunks, entries = [], []
    for n, w in weights:
        data, quantization, _ = encode_tensor(w, bits8)
        chunks.append(data)
        entries.append({'name': n, 'shape': list(w.shape), 'dtype': 'float32', 'quantization': quantization})
    blob = b''.join(chunks)
    manifest = [{'paths': ['weights.bin'], 'weights': entries}]
    model_json = {'format': 'transformer-playground/v1', 'id': mid, 'objective': preset['objective'],
                  'config': model.cfg, 'tokenizer': 'tokenizer.json', 'weightsManifest': manifest}
    write_atomic(os.path.join(out_dir, 'weights.bin'), blob, binary=True)
    write_atomic(os.path.join(out_dir, 'model.json'), json.dumps(model_json, indent=1) + '\n')
    write_atomic(os.path.join(out_dir, 'card.json'), json.dumps(facts, indent=1) + '\n')

    # Reference activations with the weights as shipped (float16-rounded, or 8-bit), computed in float32.
    ref = Transformer(model.cfg)
    ref.load_state_dict({k: torch.from_numpy(encode_tensor(v.detach().cpu().numpy().astype(np.float32), bits8)[2])
                         for k, v in model.state_dict().items()})
    ref.eval()
    prompts = []
    with torch.no_grad():
        for p in meta['referencePrompts']:
            ids = torch.tensor([p['ids']], dtype=torch.long)
            probes = {'attention': [], 'residual': []}
            logits = ref(ids, probes)[0]
            prompts.append({'text': p['text'], 'ids': p['ids'], 'logits': b64(logits),
                            'attention': b64(torch.stack(probes['attention'])),
                            'residual': b64(torch.stack(probes['residual']))})
    reference = {'format': 'transformer-playground/reference-v1', 'model': mid, 'step': facts['training']['steps'],
                 'note': ('PyTorch float32 forward pass with the shipped weights as the app decodes them '
                          '(matrices 8-bit, vectors float16); ' if bits8 else
                          'PyTorch float32 forward pass with the float16-rounded shipped weights; ') +
                         'arrays are base64 of little-endian float32, row-major, with their shapes.',
                 'prompts': prompts}
    write_atomic(os.path.join(ROOT, 'training', 'reference', f'{mid}.json'), json.dumps(reference) + '\n')


class Batcher:
    """Windows of T+1 tokens: half start right after a [SEP] (a document start), half anywhere. `kinds` and `topics`
    (optional, one code per token: kinds.bin, --topic-contrast's document topics) come back beside each window from
    `draw`."""

    def __init__(self, data, T, rng, kinds=None, topics=None):
        self.data, self.T, self.rng, self.kinds, self.topics = data, T, rng, kinds, topics
        self.starts = np.nonzero(data[:-T - 2] == SPECIAL_SEP)[0] + 1

    def draw(self, B):
        """(token windows (B, T+1), their kind codes (B, T+1) or None, their topic codes (B, T+1) or None)."""
        doc = self.rng.random(B) < 0.5
        s = np.where(doc, self.starts[self.rng.integers(0, len(self.starts), B)],
                     self.rng.integers(0, len(self.data) - self.T - 1, B))

        def windows(a):
            return None if a is None else torch.from_numpy(np.stack([a[i:i + self.T + 1] for i in s]).astype(np.int64))

        return windows(self.data), windows(self.kinds), windows(self.topics)

    def batch(self, B):
        return self.draw(B)[0]


MLM = {'rate': 0.15, 'mask': 0.8, 'random': 0.1}  # set from --mask-rate / --mask-split


def mlm_corrupt(x, vocab, rng):
    """MLM['rate'] of non-special positions are targets: MLM['mask'] of them -> [MASK], MLM['random'] -> a random
    token, the rest unchanged (BERT: 15%, 80/10/10)."""
    x = x.clone()
    u = torch.from_numpy(rng.random(x.shape)).float()
    sel = (u < MLM['rate']) & (x >= FIRST_PLAIN - 1)  # newline may be a target, [SEP]/[PAD] not
    targets = torch.where(sel, x, torch.full_like(x, -100))
    r = torch.from_numpy(rng.random(x.shape)).float()
    rand_tok = torch.from_numpy(rng.integers(FIRST_PLAIN, vocab, x.shape)).long()
    x = torch.where(sel & (r < MLM['mask']), torch.full_like(x, SPECIAL_MASK), x)
    x = torch.where(sel & (r >= MLM['mask']) & (r < MLM['mask'] + MLM['random']), rand_tok, x)
    return x, targets


def copy_rows(n, T, vocab, rng, freq=None):
    """n rows of T+1 tokens: a random block (5-40 plain tokens) repeated, sometimes after a newline, until the row is
    full. With `freq` (a probability per token id), half of the rows draw their block by it: copying is learnt much
    sooner on tokens whose embeddings are trained, and then carries over to any token."""
    rows = np.empty((n, T + 1), dtype=np.int64)
    for i in range(n):
        size = int(rng.integers(5, 41))
        if freq is not None and i % 2 == 1:
            block = rng.choice(vocab, size=size, p=freq)
        else:
            block = rng.integers(FIRST_PLAIN, vocab, size)
        row = []
        while len(row) < T + 1:
            if row and rng.random() < 0.5:
                row.append(NEWLINE)
            row.extend(block.tolist())
        rows[i] = row[:T + 1]
    return torch.from_numpy(rows)


def loss_of(model, preset, batch, vocab, rng):
    if preset['objective'] == 'clm':
        x, y = batch[:, :-1], batch[:, 1:]
        hidden = [] if wants_hidden(model) else None
        logits = model(x, hidden=hidden)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        if model.training and (CTX.get('anchor', 0.0) > 0 or CTX.get('anchor_hidden', 0.0) > 0):
            with torch.no_grad():  # the frozen start model, once for both anchors
                ref_hidden = []
                ref_logits = CTX['teacher'](x, hidden=ref_hidden)
            if CTX.get('anchor', 0.0) > 0:
                loss = CTX['lm'] * loss + CTX['anchor'] * anchor_loss(logits, ref_logits)
            if CTX.get('anchor_hidden', 0.0) > 0:
                loss = loss + CTX['anchor_hidden'] * hidden_anchor_loss(hidden, ref_hidden)
        return loss + auxiliary_losses(model, hidden, x) if hidden else loss
    n_clm = int(round(MLM.get('clm', 0.0) * batch.shape[0])) if model.training else 0
    if n_clm:
        batch = batch[torch.from_numpy(rng.permutation(batch.shape[0]))]  # every kind of row in both halves
        # UniLM-style mix (Dong et al. 2019): some rows are next-token prediction under a causal mask, the rest
        # masked-token prediction with full attention, one set of weights. Predicting the next word makes every
        # position gather its context, which masked prediction alone asks only of the masked positions.
        x, y = batch[:n_clm, :-1], batch[:n_clm, 1:]
        logits = model(x, causal=True)
        clm = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        if n_clm == batch.shape[0]:
            return clm
        share = n_clm / batch.shape[0]
        return share * clm + (1 - share) * mlm_loss(model, batch[n_clm:], vocab, rng)
    return mlm_loss(model, batch, vocab, rng)


class ContextHead(nn.Module):
    """Training only, never exported: reads a position's last-layer vector (before the model's final LayerNorm)
    and predicts the words around it (--context-words). Its own LayerNorm and output matrix, so the shipped model's
    output layer keeps its one job (the token at a masked position)."""

    def __init__(self, d, vocab):
        super().__init__()
        self.ln = nn.LayerNorm(d)
        self.out = nn.Linear(d, vocab)
        nn.init.normal_(self.out.weight, std=0.02)
        nn.init.zeros_(self.out.bias)

    def forward(self, h):
        return self.out(self.ln(h))


class CosineContextHead(nn.Module):
    """--context-head cosine: the logit of word v is scale x cos(h, w_v), with h the raw vector (no LayerNorm, no
    bias) and a fixed scale. Only the direction of h counts, and a component that every vector shares (the word's
    own embedding, say) shrinks every cosine alike, so the head can only predict confidently from vectors whose
    direction is set by their context: the geometry that the drift view's cosine similarities show."""

    def __init__(self, d, vocab, scale):
        super().__init__()
        self.w = nn.Parameter(torch.randn(vocab, d) * 0.02)
        self.scale = scale

    def forward(self, h):
        return self.scale * F.normalize(h, dim=-1) @ F.normalize(self.w, dim=-1).t()


CTX = {'weight': 0.0}  # set from --context-words / --context-window / --context-skip / --context-head / --context-layers


def anchor_loss(logits, ref_logits):
    """--anchor: KL(start model || this model) of the next-token distributions, per position, averaged over every
    position of the batch. The start model (the --init-from weights, frozen; its logits `ref_logits`) keeps what the
    model says, so that objectives on its vectors (the topic contrast) reshape its geometry without changing its
    predictions: the few-shot answers and the samples of the earlier phase."""
    ref = F.log_softmax(ref_logits, dim=-1)
    mine = F.log_softmax(logits, dim=-1)
    return F.kl_div(mine.reshape(-1, mine.shape[-1]), ref.reshape(-1, ref.shape[-1]), log_target=True,
                    reduction='batchmean')


def hidden_anchor_loss(hidden, ref_hidden):
    """--anchor-hidden: how far this model's vectors after block CTX['anchor_layer'] have moved from the start
    model's (frozen; its block outputs `ref_hidden`), on the positions of CTX['anchor_mask'] (the prose rows of train.bin: no task episode, no stream
    row, no copy row): the squared distance, relative to the start model's squared norm there. It keeps the geometry
    the drift view shows on ordinary text where it was, while the next-token loss on the streams changes what the
    model does with task episodes."""
    mask = CTX['anchor_mask']
    if mask is None or not bool(mask.any()):
        return torch.zeros(())
    ref = ref_hidden[CTX['anchor_layer'] - 1][mask]
    mine = hidden[CTX['anchor_layer'] - 1][mask]
    return ((mine - ref) ** 2).sum(-1).mean() / (ref ** 2).sum(-1).mean()


def wants_hidden(model):
    return model.training and (CTX['weight'] > 0 or CTX.get('contrast', 0.0) > 0 or CTX.get('topic', 0.0) > 0
                               or CTX.get('anchor_hidden', 0.0) > 0)


def auxiliary_losses(model, hidden, clean):
    """The training-only objectives on the block outputs: context words and passage contrast (each 0 when off)."""
    loss = CTX['weight'] * context_losses(hidden, clean) if CTX['weight'] > 0 else 0.0
    if CTX.get('contrast', 0.0) > 0:
        loss = loss + CTX['contrast'] * contrast_losses(model, hidden, clean)
    if CTX.get('topic', 0.0) > 0:
        loss = loss + CTX['topic'] * topic_losses(model, hidden, clean)
    return loss


def contrast_positions(clean):
    """Positions a contrast objective may draw, as a (B, T) NumPy bool array: content words (plain tokens outside the
    --context-skip most frequent), in prose only with --context-prose-only."""
    ok = CTX['content'][clean] & (clean >= FIRST_PLAIN)
    prose = CTX.get('prose')
    if prose is not None:
        ok = ok & prose
    return ok.numpy()


def app_vectors(model, h, rows, cols):
    """Unit vectors of block output h at (rows, cols) less the position vector: what the app's drift view compares."""
    return F.normalize(h[rows, cols] - model.wpe.weight[cols], dim=-1)


def document_topics(data, emb, content, K, seed, iters=25):
    """--topic-contrast: one topic per document of train.bin (the token runs between [SEP]s), unsupervised: a
    document's vector is the idf-weighted mean of the unit input embeddings (the warm start's) of its content words,
    clustered by spherical k-means into K topics. Returns one topic code per token (255: no content word)."""
    sep = np.nonzero(data == SPECIAL_SEP)[0]
    doc = np.cumsum(data == SPECIAL_SEP)  # document index of every token
    n_docs = int(doc[-1]) + 1
    ok = content[data]
    df = np.bincount(np.unique(doc[ok].astype(np.int64) * len(content) + data[ok]) % len(content), minlength=len(content))
    idf = np.log((1 + n_docs) / (1 + df)).astype(np.float32)
    e = emb / (np.linalg.norm(emb, axis=1, keepdims=True) + 1e-8) * idf[:, None]
    vec = np.zeros((n_docs, emb.shape[1]), np.float32)
    idx = np.nonzero(ok)[0]
    for c in range(0, len(idx), 1 << 20):
        part = idx[c:c + (1 << 20)]
        np.add.at(vec, doc[part], e[data[part]])
    norm = np.linalg.norm(vec, axis=1)
    has = norm > 0
    vec[has] /= norm[has, None]
    rng = np.random.default_rng(seed)
    cent = vec[rng.choice(np.nonzero(has)[0], K, replace=False)]
    for _ in range(iters):
        lab = np.argmax(vec @ cent.T, 1)
        for k in range(K):
            m = vec[(lab == k) & has].sum(0)
            if np.linalg.norm(m) > 0:
                cent[k] = m / np.linalg.norm(m)
    lab = np.where(has, np.argmax(vec @ cent.T, 1), 255).astype(np.uint8)
    sizes = np.bincount(lab[has], minlength=K)
    return lab[doc], sizes, len(sep)


def topic_losses(model, hidden, clean):
    """Topic contrast (--topic-contrast): a supervised-contrastive loss (Khosla et al. 2020) whose labels are the
    unsupervised document topics of document_topics. CTX['topic_pairs'] content-word positions per row are drawn
    (prose only with --context-prose-only; rows from the extra streams carry no topic and are left out); a position's
    vector (block output less the position embedding, unit length) has to be closer in cosine to those of the other
    drawn positions whose documents share its topic than to the rest. So a few broad topics (water and shores, money
    and trade, ...) become the main directions in which a word's vectors differ from context to context, which is how
    the senses of a word like "bank" differ. The last CTX['topic_layers'] block outputs, averaged."""
    topics = CTX.get('topics_now')
    if topics is None:
        return hidden[-1].sum() * 0
    okn = contrast_positions(clean) & (topics != 255).numpy()
    rng = CTX['rng']
    rows, cols = [], []
    for b in range(clean.shape[0]):
        cand = np.nonzero(okn[b])[0]
        if len(cand):
            pick = rng.choice(cand, size=min(CTX['topic_pairs'], len(cand)), replace=False)
            rows += [b] * len(pick)
            cols += pick.tolist()
    if len(rows) < 4:
        return hidden[-1].sum() * 0
    rows, cols = torch.tensor(rows), torch.tensor(cols)
    lab = topics[rows, cols]
    N = len(rows)
    eye = torch.eye(N, dtype=torch.bool)
    posm = (lab[:, None] == lab[None, :]) & ~eye
    has = posm.any(1)
    if not has.any():
        return hidden[-1].sum() * 0
    total = 0.0
    hs = hidden[-CTX['topic_layers']:]
    for h in hs:
        z = app_vectors(model, h, rows, cols)
        sim = (z @ z.t() / CTX['topic_temp']).masked_fill(eye, float('-inf'))
        logp = sim - torch.logsumexp(sim, 1, keepdim=True)
        per = -(logp.masked_fill(~posm, 0).sum(1) / posm.sum(1).clamp(min=1))
        total = total + per[has].mean()
    return total / len(hs)


def contrast_losses(model, hidden, clean):
    """Passage contrast (--contrast): an InfoNCE loss on the cosine of word vectors, the geometry the drift view and
    its cosine gap show. In each row, CTX['pairs'] anchor positions are drawn among the content words (as for the
    context words: plain tokens outside the most frequent ones, prose only with --context-prose-only), each with a
    partner, another content word of the same document within the window. The anchor's vector has to be closer in
    cosine to its partner's than to the partners drawn in the other rows of the batch (other passages), so a word's
    direction comes to be set by what its passage is about rather than by the word itself, and a component that all
    vectors share costs the loss. Vectors as the app reads them: the block output less the position embedding. The
    last CTX['contrast_layers'] block outputs, averaged; symmetric; temperature CTX['temp']."""
    B = clean.shape[0]
    okn = contrast_positions(clean)
    docn = torch.cumsum((clean == SPECIAL_SEP).long(), 1).numpy()
    rng, W = CTX['rng'], CTX['window']
    rows, ai, pj = [], [], []
    for b in range(B):
        cand = np.nonzero(okn[b])[0]
        if len(cand) < 2:
            continue
        for i in rng.choice(cand, size=min(CTX['pairs'], len(cand)), replace=False):
            m = cand[(cand != i) & (np.abs(cand - i) <= W) & (docn[b, cand] == docn[b, i])]
            if len(m):
                rows.append(b)
                ai.append(int(i))
                pj.append(int(m[rng.integers(len(m))]))
    if len(set(rows)) < 2:
        return hidden[-1].sum() * 0
    rows, ai, pj = torch.tensor(rows), torch.tensor(ai), torch.tensor(pj)
    N = len(rows)
    other = (rows[:, None] != rows[None, :]) | torch.eye(N, dtype=torch.bool)  # own pair or another row's
    target = torch.arange(N)
    total = 0.0
    hs = hidden[-CTX['contrast_layers']:]
    for h in hs:
        a, p = app_vectors(model, h, rows, ai), app_vectors(model, h, rows, pj)
        sim = (a @ p.t() / CTX['temp']).masked_fill(~other, float('-inf'))
        total = total + 0.5 * (F.cross_entropy(sim, target) + F.cross_entropy(sim.t(), target))
    return total / len(hs)


def context_losses(hidden, clean):
    """The context-words loss on the last CTX['layers'] block outputs (one head for all), averaged."""
    hs = hidden[-CTX['layers']:]
    return sum(context_loss(h, clean) for h in hs) / len(hs)


def context_loss(h, clean):
    """Bag-of-context-words objective: every plain position i predicts the content words x_j of its own document
    with 0 < |j - i| <= window (--context-side around; `after`: only j > i, the words that follow), the
    target being the uniform distribution over them. Content words: plain tokens outside the --context-skip most
    frequent ones (function words and punctuation), so the target is what the passage is about. The word itself
    is not a target, nor is anything across a [SEP]. A word's vector then has to carry the topic of its context,
    which is what sets the senses of a word apart. Positions with no content word in reach are not scored.
    h: (B, T, d) last block output; clean: (B, T) the uncorrupted token ids."""
    B, T = clean.shape
    idx = torch.arange(T)
    dist = idx[None, :] - idx[:, None]  # (T, T): j - i
    W = CTX['window']
    near = (dist > 0) & (dist <= W) if CTX['side'] == 'after' else (dist != 0) & (dist.abs() <= W)
    doc = torch.cumsum((clean == SPECIAL_SEP).long(), 1)  # (B, T): document index inside the window
    content = CTX['content'][clean]  # (B, T) bool
    prose = CTX.get('prose')  # (B, T) bool or None (--context-prose-only): positions in prose documents
    if prose is not None:
        content = content & prose
    w = (near[None] & (doc[:, :, None] == doc[:, None, :]) & content[:, None, :]).float()  # (B, Ti, Tj)
    n = w.sum(-1)  # (B, T)
    scored = (n > 0) & (clean >= FIRST_PLAIN) & (True if prose is None else prose)
    logp = F.log_softmax(CTX['head'](h), -1)  # (B, T, V)
    lp = logp.gather(2, clean[:, None, :].expand(B, T, T))  # (B, Ti, Tj): log p_i(x_j)
    per = -(w * lp).sum(-1) / n.clamp(min=1)  # (B, T)
    return per[scored].mean() if scored.any() else h.sum() * 0


def mlm_loss(model, batch, vocab, rng):
    clean = batch[:, :-1]
    x, y = mlm_corrupt(clean, vocab, rng)
    hidden = [] if wants_hidden(model) else None
    logits = model(x, hidden=hidden)
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), ignore_index=-100)
    if hidden:
        loss = loss + auxiliary_losses(model, hidden, clean)
    if MLM.get('visible', 0.0) > 0 and model.training:
        # Every other plain position also predicts its own (visible) token. Since any visible token may be a
        # random replacement, the model cannot just copy: it has to check each word against its context, so the
        # vector at every position carries what the context says should be there.
        other = (y == -100) & (clean >= FIRST_PLAIN - 1)
        yv = torch.where(other, clean, torch.full_like(clean, -100))
        loss = loss + MLM['visible'] * F.cross_entropy(logits.reshape(-1, logits.shape[-1]), yv.reshape(-1), ignore_index=-100)
    return loss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', choices=['gpt', 'bert', 'all'], required=True)
    ap.add_argument('--steps', type=int, default=None, help='optimizer steps (default: gpt 4500, bert 2700)')
    ap.add_argument('--batch', type=int, default=32)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--warmup', type=int, default=150)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--export-every', type=float, default=10.0, help='minutes')
    ap.add_argument('--max-minutes', type=float, default=None, help='stop (and export) after this long')
    ap.add_argument('--eval-every', type=int, default=100)
    ap.add_argument('--seed', type=int, default=1234)
    ap.add_argument('--d-model', type=int, default=128)
    ap.add_argument('--layers', type=int, default=4)
    ap.add_argument('--bench', type=int, default=0, help='only time this many steps')
    ap.add_argument('--stop-after', type=int, default=None,
                    help='stop (and export) after this many steps of the planned schedule (reproduces a run cut short)')
    ap.add_argument('--data', default=os.path.join('training', 'data'),
                    help='corpus folder (train.bin, val.bin, meta.json, the --stream files); training/data-drilled for tiny-bert')
    ap.add_argument('--init-from', default=None, help='continue from this checkpoint (weights only; fresh optimizer and schedule)')
    ap.add_argument('--copy-share', type=float, default=0.0,
                    help='share of each batch replaced by generated repeated random-token rows (induction curriculum)')
    ap.add_argument('--monitor', action='store_true', help='log held-out sense separation and induction at every evaluation')
    ap.add_argument('--mask-rate', type=float, default=0.15, help='MLM: share of positions that are targets')
    ap.add_argument('--mlm-visible', type=float, default=0.0,
                    help='MLM: weight of a loss on the visible (not selected) positions, each predicting its own token')
    ap.add_argument('--clm-share', type=float, default=0.0,
                    help='MLM model: share of each batch trained as next-token prediction under a causal mask (UniLM-style)')
    ap.add_argument('--mask-split', default='0.8,0.1', help='MLM: shares of targets shown as [MASK] and as a random token (the rest unchanged)')
    ap.add_argument('--stream', action='append', default=[], metavar='FILE:SHARE',
                    help='draw SHARE of each batch from training/data/FILE (e.g. extra.bin:0.2 for the real-text stream, '
                         'facts.bin:0.15 for the dense facts); repeatable')
    ap.add_argument('--weights-8bit', action='store_true',
                    help='export the matrices as 8-bit affine (uint8, one scale and minimum per tensor), the vectors as float16')
    ap.add_argument('--export-only', action='store_true',
                    help='only export the --init-from checkpoint (its own card), with this run\'s weight format, and stop')
    ap.add_argument('--context-words', type=float, default=0.0,
                    help='weight of the bag-of-context-words objective (a training-only head; 0: off)')
    ap.add_argument('--context-window', type=int, default=12, help='context words: how many positions on each side (with --context-side after: after it)')
    ap.add_argument('--context-side', choices=['around', 'after'], default='around',
                    help='context words: on both sides of the position (a causal model sees those before it in its '
                         'input, so it learns to keep them in the vector), or only the words that follow')
    ap.add_argument('--context-head', choices=['ln', 'cosine'], default='ln',
                    help='context words: a LayerNorm and a linear layer, or a cosine classifier on the raw vector')
    ap.add_argument('--context-scale', type=float, default=10.0, help='context words, cosine head: the fixed logit scale')
    ap.add_argument('--context-layers', type=int, default=1, help='context words: read the last N blocks\' outputs')
    ap.add_argument('--context-prose-only', action='store_true',
                    help='context words: only in prose (not in few-shot task episodes, random-token blocks or copy rows; '
                         'needs kinds.bin from the corpus build)')
    ap.add_argument('--contrast', type=float, default=0.0,
                    help='weight of the passage-contrast objective (InfoNCE on word-vector cosines, same passage against '
                         'the other rows; no extra weights; 0: off). Uses --context-window, --context-skip, --context-prose-only')
    ap.add_argument('--contrast-layers', type=int, default=3, help='passage contrast: the last N block outputs')
    ap.add_argument('--contrast-pairs', type=int, default=4, help='passage contrast: anchor positions per row')
    ap.add_argument('--contrast-temp', type=float, default=0.1, help='passage contrast: the InfoNCE temperature')
    ap.add_argument('--topic-contrast', type=float, default=0.0,
                    help='weight of the topic-contrast objective (supervised contrast on word-vector cosines, labels = '
                         'unsupervised document topics by k-means; no extra weights; 0: off)')
    ap.add_argument('--topics', type=int, default=16, help='topic contrast: number of k-means topics')
    ap.add_argument('--topic-layers', type=int, default=3, help='topic contrast: the last N block outputs')
    ap.add_argument('--topic-pairs', type=int, default=8, help='topic contrast: positions drawn per row')
    ap.add_argument('--topic-temp', type=float, default=0.1, help='topic contrast: the temperature')
    ap.add_argument('--anchor', type=float, default=0.0,
                    help='gpt with --init-from: weight of KL(start model || this model) on the next-token distributions, '
                         'so the other objectives change the vectors more than the predictions (off by default)')
    ap.add_argument('--anchor-hidden', type=float, default=0.0,
                    help='gpt with --init-from: weight of the distance between this model\'s vectors after block '
                         '--anchor-layer and the start model\'s, on the prose rows of train.bin (off by default)')
    ap.add_argument('--anchor-layer', type=int, default=3, help='with --anchor-hidden: the block (1 = the first) whose output is kept')
    ap.add_argument('--lm-weight', type=float, default=1.0,
                    help='with --anchor: weight of the next-token loss on the data (0: the anchor alone says what to predict)')
    ap.add_argument('--context-skip', type=int, default=100,
                    help='context words: the N most frequent tokens of the corpus are not targets')
    ap.add_argument('--tag', default=None, help='experiments: write to public/models/<id>-<tag> and checkpoints/<id>-<tag>.pt')
    args = ap.parse_args()
    MLM['rate'] = args.mask_rate
    MLM['mask'], MLM['random'] = (float(v) for v in args.mask_split.split(','))
    MLM['visible'] = args.mlm_visible
    MLM['clm'] = args.clm_share
    for name in (['gpt', 'bert'] if args.model == 'all' else [args.model]):
        preset = dict(PRESETS[name])
        if args.tag:
            preset['id'] = f"{preset['id']}-{args.tag}"
        run(preset, name, args)


def run(preset, name, args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    data = args.data if os.path.isabs(args.data) else os.path.join(ROOT, args.data)
    meta = json.load(open(os.path.join(data, 'meta.json')))
    train = np.fromfile(os.path.join(data, 'train.bin'), dtype='<u2')
    val = np.fromfile(os.path.join(data, 'val.bin'), dtype='<u2')
    T = meta['contextLength']
    cfg = {'vocabSize': meta['vocabSize'], 'dModel': args.d_model, 'nHeads': 4, 'nLayers': args.layers,
           'contextLength': T, 'causal': preset['causal'], 'layerNormEps': 1e-5, 'dMlp': 4 * args.d_model}
    model = Transformer(cfg)
    init = None
    if args.init_from:
        init = torch.load(args.init_from)
        model.load_state_dict(init['model'])
        # The model the checkpoint is of. Older checkpoints lack the id; their files are named after the model
        # (tiny-gpt.pt, tiny-gpt-phase1.pt).
        ckpt_name = os.path.basename(args.init_from)
        init['fromId'] = init.get('id') or next(
            (i for i in [preset['id']] + [p['id'] for p in PRESETS.values()] if ckpt_name.startswith(i)), preset['id'])
        # The card of the run that wrote the checkpoint (saved in it) describes the earlier phase; keep it in this card.
        # Older checkpoints lack it: then that model's exported card is used if its step matches.
        prev = init.get('card')
        if prev is None:
            prev_card = os.path.join(ROOT, 'public', 'models', init['fromId'], 'card.json')
            prev = json.load(open(prev_card)) if os.path.exists(prev_card) else None
        init['previous'] = prev if prev and prev['training']['steps'] == init['step'] else None
        log0 = f'continuing from {ckpt_name} (step {init["step"]})'
        print(log0, flush=True)
    if args.export_only:
        if init is None or init.get('card') is None:
            raise SystemExit('--export-only needs an --init-from checkpoint that carries its card')
        card = dict(init['card'], id=preset['id'], weights=weights_format(args.weights_8bit))
        export(model, preset, meta, card, args.weights_8bit)
        print(f'exported {ckpt_name} (step {init["step"]}) as {preset["id"]}: {card["weights"]}', flush=True)
        return
    n_params = sum(p.numel() for p in model.parameters())
    steps = args.steps or (4500 if name == 'gpt' else 2700)
    CTX['weight'], CTX['window'], CTX['side'] = args.context_words, args.context_window, args.context_side
    counts = np.bincount(train, minlength=cfg['vocabSize']).astype(np.float64)
    counts[:FIRST_PLAIN] = 0
    trained = list(model.named_parameters())
    CTX['contrast'] = args.contrast
    if CTX['weight'] > 0 or args.contrast > 0 or args.topic_contrast > 0:
        content = np.ones(cfg['vocabSize'], dtype=bool)
        content[:FIRST_PLAIN] = False
        content[np.argsort(-counts, kind='stable')[:args.context_skip]] = False
        CTX['content'] = torch.from_numpy(content)
    if args.contrast > 0 or args.topic_contrast > 0:
        CTX['rng'] = np.random.default_rng(args.seed + 17)  # the positions both contrast objectives draw
    if args.contrast > 0:
        CTX['contrast_layers'], CTX['pairs'], CTX['temp'] = args.contrast_layers, args.contrast_pairs, args.contrast_temp
    CTX['topic'] = args.topic_contrast
    CTX['anchor'], CTX['lm'] = args.anchor, args.lm_weight
    CTX['anchor_hidden'], CTX['anchor_layer'], CTX['anchor_mask'] = args.anchor_hidden, args.anchor_layer, None
    if args.lm_weight != 1.0 and args.anchor <= 0:
        raise SystemExit('--lm-weight is for runs with --anchor')
    if args.anchor > 0 or args.anchor_hidden > 0:
        if init is None or preset['objective'] != 'clm':
            raise SystemExit('--anchor and --anchor-hidden need --model gpt and an --init-from checkpoint (the model they anchor to)')
        if not 1 <= args.anchor_layer <= cfg['nLayers']:
            raise SystemExit(f'--anchor-layer must be 1..{cfg["nLayers"]}')
        CTX['teacher'] = Transformer(cfg)
        CTX['teacher'].load_state_dict(init['model'])
        CTX['teacher'].eval()
        for p in CTX['teacher'].parameters():
            p.requires_grad_(False)
    token_topics, topic_facts = None, None
    if args.topic_contrast > 0:
        CTX['topic_layers'], CTX['topic_pairs'], CTX['topic_temp'] = args.topic_layers, args.topic_pairs, args.topic_temp
        token_topics, sizes, n_docs = document_topics(train, model.wte.weight.detach().numpy(), CTX['content'].numpy(),
                                                      args.topics, args.seed)
        topic_facts = {'topics': args.topics, 'documents': n_docs, 'sizes': sizes.tolist()}
        print(f'topic contrast: {args.topics} topics over {n_docs} documents, sizes {sizes.tolist()}', flush=True)
    if CTX['weight'] > 0:
        CTX['layers'] = args.context_layers
        CTX['head'] = (CosineContextHead(args.d_model, cfg['vocabSize'], args.context_scale) if args.context_head == 'cosine'
                       else ContextHead(args.d_model, cfg['vocabSize']))
        if init is not None and init.get('contextHead') is not None:
            CTX['head'].load_state_dict(init['contextHead'])
        trained += [('context.' + n, p) for n, p in CTX['head'].named_parameters()]
    decay, no_decay = [], []
    for n, p in trained:
        (decay if p.dim() == 2 else no_decay).append(p)
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': 0.05}, {'params': no_decay, 'weight_decay': 0.0}],
                            lr=args.lr, betas=(0.9, 0.98), eps=1e-8)

    def lr_at(step):  # linear warmup, cosine decay to 10%
        if step < args.warmup:
            return args.lr * (step + 1) / args.warmup
        t = (step - args.warmup) / max(1, steps - args.warmup)
        return args.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, t))))

    kinds_path = os.path.join(data, 'kinds.bin')
    not_prose = None
    if args.context_prose_only or args.anchor_hidden > 0:
        if not os.path.exists(kinds_path) or 'kinds' not in meta:
            raise SystemExit('--context-prose-only and --anchor-hidden need kinds.bin and meta.json "kinds" (rebuild the corpus: npm run corpus)')
        not_prose = torch.tensor([k in ('tasks', 'induction') for k in meta['kinds']])
    batcher = Batcher(train, T, rng, np.fromfile(kinds_path, dtype=np.uint8) if not_prose is not None else None, token_topics)
    streams = []  # (name, share, Batcher)
    for spec in args.stream:
        fname, share = spec.rsplit(':', 1)
        streams.append((fname, float(share), Batcher(np.fromfile(os.path.join(data, fname), dtype='<u2'), T, rng)))
    freq = counts ** 0.5 / (counts ** 0.5).sum()  # flattened unigram distribution for the copy rows
    val_rng = np.random.default_rng(999)
    val_batches = [Batcher(val, T, val_rng).batch(args.batch) for _ in range(4)]

    def evaluate():
        model.eval()
        r = np.random.default_rng(7)  # same masks every time
        with torch.no_grad():
            ls = [loss_of(model, preset, b, cfg['vocabSize'], r).item() for b in val_batches]
        model.train()
        return float(np.mean(ls))

    monitor = None
    if args.monitor:
        from monitor import Monitor
        monitor = Monitor(ROOT, preset['causal'], T, cfg['vocabSize'])

    log = lambda s: print(f'[{time.strftime("%H:%M:%S")}] {preset["id"]} {s}', flush=True)
    log(f'params {n_params} steps {steps} batch {args.batch}x{T} threads {args.threads} train tokens {len(train)}')
    t0 = time.time()
    last_export = t0
    val_loss = float('nan')
    history = []

    def facts(step, final):
        return {
            'id': preset['id'], 'objective': preset['objective'], 'status': 'final' if final else 'partial',
            'parameters': n_params, 'config': cfg,
            'corpus': {'seed': meta['seed'], 'trainTokens': meta['trainTokens'], 'valTokens': meta['valTokens'],
                       'parts': meta['parts'], 'vocabSize': meta['vocabSize'], 'folder': args.data,
                       'instructions': meta.get('instructions'),  # None: a corpus built before meta.json recorded its policy
                       'sources': ['Brown corpus (tags stripped)', 'WordNet 3.1 example sentences', 'sentiment review sentences',
                                   'generated polysemy sentences', 'few-shot task episodes', 'repeated random-token sequences']},
            'training': {'steps': step, 'plannedSteps': steps, 'batch': args.batch, 'contextLength': T,
                         'tokensSeen': step * args.batch * T, 'optimizer': 'AdamW(0.9, 0.98), weight decay 0.05',
                         'peakLr': args.lr, 'warmup': args.warmup, 'schedule': 'linear warmup, cosine to 10%',
                         'seed': args.seed, 'threads': args.threads, 'wallSeconds': round(time.time() - t0),
                         'continuedFrom': None if init is None else {
                             'checkpoint': os.path.basename(args.init_from), 'model': init['fromId'],
                             'checkpointStep': init['step'], 'tokensSeen': init['step'] * args.batch * T,
                             'note': ('continued from the weights of the earlier phase, with a fresh optimizer and schedule'
                                      if init['fromId'] == preset['id'] else
                                      f"warm start from the weights of {init['fromId']} (the same architecture; "
                                      f"{'causal' if preset['causal'] else 'no'} attention mask here), "
                                      'with a fresh optimizer and schedule'),
                             'training': init['previous']['training'] if init['previous'] else None,
                             'validationLoss': init['previous']['validation']['loss'] if init['previous'] else None},
                         'copyShare': args.copy_share,
                         'streams': {name: share for name, share, _ in streams},
                         'maskedLm': (f"{MLM['rate']:.0%} of positions: {MLM['mask']:.0%} [MASK], {MLM['random']:.0%} random, "
                                      f"{1 - MLM['mask'] - MLM['random']:.0%} unchanged"
                                      + (f"; every other position also predicts its own token (weight {MLM['visible']})" if MLM['visible'] else '')
                                      + (f"; {MLM['clm']:.0%} of each batch is next-token prediction under a causal mask "
                                         "(UniLM-style mix)" if MLM.get('clm') else '')
                                      ) if preset['objective'] == 'mlm' else None,
                         'contextWords': None if CTX['weight'] <= 0 else {
                             'weight': CTX['weight'], 'window': CTX['window'], 'skipMostFrequent': args.context_skip,
                             'head': args.context_head, 'layers': CTX['layers'], 'proseOnly': args.context_prose_only,
                             **({'scale': args.context_scale} if args.context_head == 'cosine' else {}),
                             'note': ('a training-only head (not shipped) predicts, from each position\'s vector '
                                      + (f"after each of the last {CTX['layers']} blocks" if CTX['layers'] > 1 else 'after the last block')
                                      + ', the content words ' + ('that follow it' if CTX['side'] == 'after' else 'around it')
                                      + f" within {CTX['window']} positions in the same document"
                                      + (' (prose only: not in task episodes or random-token rows)' if args.context_prose_only else ''))},
                         'contrast': None if args.contrast <= 0 else {
                             'weight': args.contrast, 'layers': args.contrast_layers, 'pairsPerRow': args.contrast_pairs,
                             'temperature': args.contrast_temp, 'window': args.context_window,
                             'skipMostFrequent': args.context_skip, 'proseOnly': args.context_prose_only,
                             'note': ('training only, no extra weights: an InfoNCE loss on cosines pulls a content word\'s '
                                      f'vector (after each of the last {args.contrast_layers} blocks, less the position '
                                      f'embedding) towards another content word of its passage (within {args.context_window} '
                                      'positions) and away from those of the other rows of the batch')},
                         'topicContrast': None if args.topic_contrast <= 0 else {
                             'weight': args.topic_contrast, 'layers': args.topic_layers, 'positionsPerRow': args.topic_pairs,
                             'temperature': args.topic_temp, **topic_facts,
                             'note': ('training only, no extra weights: documents clustered into topics by k-means on '
                                      'their idf-weighted content-word embeddings; a supervised-contrastive loss on cosines '
                                      f'pulls content-word vectors (after each of the last {args.topic_layers} blocks, less '
                                      'the position embedding) of the same topic together and those of other topics apart')},
                         'anchor': None if args.anchor <= 0 else {
                             'weight': args.anchor, 'to': os.path.basename(args.init_from), 'lmWeight': args.lm_weight,
                             'note': ('KL divergence from the start model\'s next-token distribution (frozen) to this '
                                      'model\'s, averaged over every position of the batch')},
                         'anchorHidden': None if args.anchor_hidden <= 0 else {
                             'weight': args.anchor_hidden, 'layer': args.anchor_layer, 'to': os.path.basename(args.init_from),
                             'note': ('squared distance of this model\'s vectors after the block from the start model\'s '
                                      '(frozen), relative to their squared norm, on the prose rows of train.bin')}},
            'validation': {'loss': val_loss, 'perplexity': math.exp(val_loss) if val_loss == val_loss else None,
                           'history': history},
            'hardware': 'CPU (PyTorch, OpenBLAS)',
            'weights': weights_format(args.weights_8bit),
        }

    model.train()
    for step in range(steps):
        for g in opt.param_groups:
            g['lr'] = lr_at(step)
        batch, kinds, topics_now = batcher.draw(args.batch)
        prose = None if kinds is None else ~not_prose[kinds]  # (B, T+1)
        end = args.batch
        for _, share, b in streams:  # rows from the end of the batch, stream by stream (all prose)
            n = int(round(share * args.batch))
            if n:
                batch[end - n:end] = b.batch(n)
                if prose is not None:
                    prose[end - n:end] = True
                if topics_now is not None:
                    topics_now[end - n:end] = 255
                end -= n
        n_copy = int(round(args.copy_share * args.batch))
        if n_copy:
            batch[:n_copy] = copy_rows(n_copy, T, cfg['vocabSize'], rng, freq)
            if prose is not None:
                prose[:n_copy] = False
            if topics_now is not None:
                topics_now[:n_copy] = 255
        CTX['prose'] = None if prose is None or not args.context_prose_only else prose[:, :-1]
        if args.anchor_hidden > 0:  # the prose rows of train.bin only: not the streams' rows (end:) nor the copy rows
            keep = prose.clone()
            keep[end:] = False
            keep[:n_copy] = False
            CTX['anchor_mask'] = keep[:, :-1]
        CTX['topics_now'] = None if topics_now is None else topics_now[:, :-1]
        loss = loss_of(model, preset, batch, cfg['vocabSize'], rng)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_([p for _, p in trained], 1.0)
        opt.step()
        done = step + 1
        el = time.time() - t0
        if args.bench and done >= args.bench:
            log(f'bench {done} steps {el:.1f}s = {done * args.batch * T / el:.0f} tok/s loss {loss.item():.3f}')
            return
        if done % 10 == 0:
            log(f'step {done}/{steps} loss {loss.item():.4f} lr {lr_at(step):.2e} {done * args.batch * T / el:.0f} tok/s')
        if done % args.eval_every == 0 or done == steps:
            val_loss = evaluate()
            history.append([done, round(val_loss, 4)])
            log(f'step {done} val loss {val_loss:.4f} ppl {math.exp(val_loss):.1f}')
            if monitor is not None:
                log(monitor.report(model))
        out_of_time = (args.max_minutes is not None and el > args.max_minutes * 60) or done == args.stop_after
        if done == steps or out_of_time or time.time() - last_export > args.export_every * 60:
            if val_loss != val_loss or history[-1][0] != done:
                val_loss = evaluate()
                history.append([done, round(val_loss, 4)])
            card = facts(done, done == steps)
            export(model, preset, meta, card, args.weights_8bit)
            os.makedirs(os.path.join(ROOT, 'training', 'checkpoints'), exist_ok=True)
            torch.save({'model': model.state_dict(), 'step': done, 'id': preset['id'], 'card': card,
                        'contextHead': CTX['head'].state_dict() if CTX['weight'] > 0 else None},
                       os.path.join(ROOT, 'training', 'checkpoints', f'{preset["id"]}.pt'))
            last_export = time.time()
            log(f'exported at step {done} (val loss {val_loss:.4f})')
            if out_of_time:
                log('stopping: --max-minutes reached')
                break


if __name__ == '__main__':
    main()
