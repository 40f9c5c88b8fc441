// Measurement helpers that run inside the app page. scripts/bench.ts sends this
// file as source text (no bundler, no transform), so it is plain JavaScript.
// It only calls the page's read-only test hook `window.__tp` and edits the
// prompt the way a user's typing does.
(() => {
  const tp = () => window.__tp;
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const argmax = (a) => {
    let b = 0;
    for (let i = 1; i < a.length; i++) if (a[i] > a[b]) b = i;
    return b;
  };
  const idsOf = (T) => Array.from({ length: T }, (_, i) => 100 + ((i * 37) % 3000));

  /** True when the current forward pass is on screen: token strip, next tokens, attention view. */
  const viewShows = (f) => {
    if (!f) return false;
    const v = document.querySelector('[data-testid="attention-view"]');
    if (!v || v.dataset.t !== String(f.output.T) || !v.dataset.renderMs) return false;
    if (!document.querySelector('[data-testid="next-token"]')) return false;
    return document.querySelectorAll('[data-testid="token"]').length === f.tokens.length;
  };

  window.__bench = {
    /** Time since navigation start when the first complete view is on screen, or false. */
    completeAt(modelId) {
      const t = tp();
      if (!t) return false;
      const f = t.runtime().forward;
      if (!f || f.modelId !== modelId || !viewShows(f)) return false;
      return performance.now();
    },
    /**
     * Forward passes, round-trip and in-worker milliseconds: with every probe, or with `options` (e.g. what the
     * default view reads: `{ logits: T - 1, residual: false }`).
     */
    async forward(modelId, T, reps, warm, options) {
      const ids = idsOf(T);
      const round = [];
      const worker = [];
      for (let i = 0; i < warm + reps; i++) {
        const t0 = performance.now();
        const out = await tp().forward(modelId, ids, options);
        const ms = performance.now() - t0;
        if (i >= warm) {
          round.push(ms);
          worker.push(out.ms);
        }
      }
      return { round, worker };
    },
    /** Greedy generation of `n` tokens by full recomputation (the last logits row and the attention read back each step). */
    async genRecompute(modelId, n) {
      const ids = [100];
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const out = await tp().forward(modelId, ids, { logits: 'last', attention: true, residual: false });
        ids.push(argmax(out.logits));
      }
      return { ms: performance.now() - t0, tokens: ids.slice(1) };
    },
    /** Greedy generation of `n` tokens through the KV cache, one message per token (each step's logits and attention row read back: what the sampling view reads). */
    async genCached(modelId, n) {
      const s = tp().generation(modelId, { attention: true });
      const out = [];
      const t0 = performance.now();
      let row = await s.start([100], []);
      out.push(argmax(row.logits));
      while (out.length < n) {
        row = await s.step(out[out.length - 1]);
        out.push(argmax(row.logits));
      }
      const ms = performance.now() - t0;
      s.end();
      return { ms, tokens: out };
    },
    /** The same, `batch` steps per message (the worker picks each next token; what Play and a link's replay do). */
    async genBatched(modelId, n, batch) {
      const s = tp().generation(modelId, { attention: true });
      const out = [];
      const t0 = performance.now();
      const row = await s.start([100], []);
      out.push(argmax(row.logits));
      while (out.length < n) {
        const k = Math.min(batch, n - out.length);
        const rows = await s.run(
          out[out.length - 1],
          k,
          { settings: { temperature: 0, topK: 0, topP: 1 }, uniforms: new Array(k).fill(0) },
          -1,
        );
        for (const r of rows) {
          if (argmax(r.logits) !== r.chosen) throw new Error('the worker chose another token than the argmax');
          out.push(r.chosen);
        }
      }
      const ms = performance.now() - t0;
      s.end();
      return { ms, tokens: out };
    },
    /** `total` KV-cache steps in sessions that each fill the context, then end. */
    async steps(modelId, total, contextLength) {
      let done = 0;
      while (done < total) {
        const s = tp().generation(modelId, { attention: true });
        let row = await s.start([100], []);
        done++;
        for (let i = 1; i < contextLength && done < total; i++, done++) row = await s.step(argmax(row.logits));
        s.end();
      }
      return done;
    },
    /** The engine's tensors (heaps are read through the DevTools protocol by scripts/bench.ts). */
    async memory() {
      const m = await tp().memory();
      return { numTensors: m.numTensors, numBytes: m.numBytes };
    },
    /** Types a new prompt (as an input event) and waits until every visible view shows it; milliseconds. */
    async edit(text) {
      const ta = document.querySelector('[data-testid="prompt-input"]');
      const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
      const t0 = performance.now();
      setter.call(ta, text);
      ta.dispatchEvent(new Event('input', { bubbles: true }));
      for (;;) {
        await frame();
        const f = tp().runtime().forward;
        if (f && f.receivedAt > t0 && viewShows(f)) return { ms: performance.now() - t0, T: f.tokens.length };
        if (performance.now() - t0 > 60000) throw new Error('the views did not update within 60 s');
      }
    },
  };
})();
