import { useLayoutEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttentionShape } from '../../analysis/attention';
import { type HeadSel, headMatrix } from '../../analysis/attention';
import { Panel } from '../../components/Panel';
import { shownToken } from '../../model/textTokenizer';
import { tokenizerFor } from '../../model/tokenizers';
import { useRuntime } from '../../state/runtime';
import { headsOff, isOff, toggleHead } from '../../state/slices/ablation';
import { useAppStore } from '../../state/store';
import { AblationPanel } from './AblationPanel';
import { HeadView } from './HeadView';
import { ModelGrid } from './ModelGrid';
import { type LossInput, useAblationLoss, useImportance } from './useAblationLoss';
import { useHeadRoles } from './useHeadRoles';
import './attention.css';

/**
 * Attention: the model view (every layer × head of the live forward pass)
 * and one head in detail, with roles measured on the model, and the
 * switches that take heads out of the model (ablation) with what it costs.
 */
export default function AttentionView() {
  const { t } = useTranslation();
  const forward = useRuntime((s) => s.forward);
  const model = useRuntime((s) => s.model);
  const sel = useAppStore((s) => s.attention);
  const update = useAppStore((s) => s.update);
  const roles = useHeadRoles(model?.id);
  const ablation = useAppStore((s) => s.ablation);
  const rootRef = useRef<HTMLDivElement>(null);
  const tokenizer = useMemo(() => (model ? tokenizerFor(model.tokenizer) : null), [model]);

  const data = forward && model && forward.modelId === model.id ? { forward, model } : null;
  const L = data?.model.config.nLayers;
  const H = data?.model.config.nHeads;
  const T = data?.forward.output.T;
  const shape = useMemo<AttentionShape | null>(() => (L && H && T ? { L, H, T } : null), [L, H, T]);
  // Keep the selection valid for the current model (switching models keeps it when it fits).
  const layer = shape ? Math.min(sel.layer, shape.L - 1) : sel.layer;
  const head: HeadSel = shape && typeof sel.head === 'number' ? Math.min(sel.head, shape.H - 1) : sel.head;
  const tokens = useMemo(() => (data ? data.forward.tokens.map(shownToken) : []), [data]);
  // A long text on a big model: the pass read only some layers' attention (the open one); `at` finds a layer in it.
  const read = data?.forward.output.attentionLayers;
  const at = useMemo(() => {
    if (!shape) return null;
    if (!read) return { shape, index: (l: number) => l };
    const partial = { ...shape, L: read.length };
    return { shape: partial, index: (l: number) => read.indexOf(l) };
  }, [shape, read]);
  const lossInput = useMemo<LossInput | null>(() => {
    if (!data) return null;
    const c = data.model.config;
    return {
      modelId: data.model.id,
      ids: data.forward.output.ids,
      causal: c.causal,
      vocabSize: c.vocabSize,
      L: c.nLayers,
      H: c.nHeads,
      kind: ablation.kind,
      heads: headsOff(ablation, data.model.id, c.nLayers, c.nHeads),
    };
  }, [data, ablation]);
  const loss = useAblationLoss(lossInput);
  const importance = useImportance(lossInput);
  const m = useMemo(() => {
    if (!data || !at || at.index(layer) < 0) return null;
    return headMatrix(data.forward.output.attention, at.shape, at.index(layer), head);
  }, [data, at, layer, head]);

  // Render time of each new forward pass: from the result reaching the page to the end of
  // the commit that drew it (children's effects run before this one).
  const measured = useRef<unknown>(null);
  useLayoutEffect(() => {
    if (!data || !rootRef.current || measured.current === data.forward) return;
    measured.current = data.forward;
    rootRef.current.dataset.renderMs = (performance.now() - data.forward.receivedAt).toFixed(1);
  });

  if (!data || !shape || !at || !m) return <p className="muted">{t('attention.waiting')}</p>;
  const causal = data.model.config.causal;
  const title = typeof head === 'number' ? t('attention.headTitle', { layer, head }) : t(`attention.${head}Title`, { layer });
  const scores = typeof head === 'number' ? (roles?.scores[layer]?.[head] ?? null) : null;
  const allHeads = () => ({
    model: data.model.id,
    tokens: data.forward.tokens.map((tok) => ({ id: tok.id, piece: tok.piece, text: tok.text })),
    shape: { layers: shape.L, heads: shape.H, T: shape.T },
    layout: 'attention[layer][head][query][key]',
    layers: read ?? Array.from({ length: shape.L }, (_, l) => l),
    attention: (read ?? Array.from({ length: shape.L }, (_, l) => l)).map((l) =>
      Array.from({ length: shape.H }, (_, h) => {
        const mm = headMatrix(data.forward.output.attention, at.shape, at.index(l), h);
        return Array.from({ length: shape.T }, (_, q) => Array.from(mm.subarray(q * shape.T, (q + 1) * shape.T)));
      }),
    ),
    roles: roles?.scores ?? null,
    headsOff: lossInput?.heads ?? [],
    ablation: ablation.kind,
  });
  const off = (l: number, h: number) => isOff(ablation, data.model.id, l, h);
  const toggle = (l: number, h: number) => update('ablation', toggleHead(useAppStore.getState().ablation, data.model.id, l, h));

  return (
    <div
      className="attention-view"
      ref={rootRef}
      data-testid="attention-view"
      data-model={data.model.id}
      data-t={shape.T}
      data-heads-off={lossInput?.heads.length ?? 0}
    >
      <div className="attention-side">
        <Panel
          id="attention.grid"
          aria-labelledby="att-grid-h"
          name={`attention-grid-${data.model.id}`}
          title={t('attention.gridTitle')}
          data={allHeads}
        >
          <h2 id="att-grid-h">{t('attention.gridTitle')}</h2>
          {read ? (
            <p className="notice small" data-testid="attention-partial">
              {t('attention.partial', {
                T: shape.T,
                heads: (shape.L * shape.H).toLocaleString(),
                mb: Math.round((shape.L * shape.H * shape.T * shape.T * 4) / 1e6),
              })}
            </p>
          ) : null}
          <ModelGrid
            att={data.forward.output.attention}
            at={at}
            shape={shape}
            causal={causal}
            layer={layer}
            head={head}
            roles={roles}
            onSelect={(l, h) => update('attention', { layer: l, head: h })}
            isOff={off}
            onToggle={toggle}
            importance={importance.map && !importance.stale ? importance.map.delta : null}
          />
          <p className="muted small grid-caption">{t('attention.gridExplain', { layers: shape.L, heads: shape.H })}</p>
          <p className="muted small grid-caption">{roles ? t('attention.rolesMeasured') : t('attention.rolesMeasuring')}</p>
        </Panel>
        <AblationPanel
          modelId={data.model.id}
          causal={causal}
          contextLength={data.model.config.contextLength}
          tokenizer={tokenizer}
          T={shape.T}
          heads={lossInput?.heads ?? []}
          loss={loss}
          importance={importance}
        />
        <Explanation causal={causal} />
      </div>
      <HeadView
        title={title}
        tokens={tokens}
        m={m}
        T={shape.T}
        causal={causal}
        mode={sel.mode}
        onMode={(mode) => update('attention', { mode })}
        pinned={sel.focus}
        onPin={(focus) => update('attention', { focus })}
        scores={scores}
        exportName={`attention-${data.model.id}-L${layer}-${typeof head === 'number' ? `H${head}` : head}`}
        exportData={allHeads}
        ablation={typeof head === 'number' ? { off: off(layer, head), onToggle: () => toggle(layer, head) } : undefined}
      />
    </div>
  );
}

/** How to read the view: folded under the grid, one click away. */
function Explanation({ causal }: { causal: boolean }) {
  const { t } = useTranslation();
  return (
    <Panel
      id="attention.explain"
      as="details"
      className="explain-panel about"
      aria-labelledby="att-explain-h"
      name="attention-explanation"
      title={t('attention.explainTitle')}
    >
      <summary>
        <h2 id="att-explain-h">{t('attention.explainTitle')}</h2>
      </summary>
      <p>{t('attention.explainHead')}</p>
      <p>{causal ? t('attention.explainCausal') : t('attention.explainBidirectional')}</p>
      <p>{t('attention.explainRoles')}</p>
      <ul>
        <li>{t('attention.roleHelp.previous')}</li>
        <li>{t('attention.roleHelp.first')}</li>
        <li>{t('attention.roleHelp.self')}</li>
        <li>{t('attention.roleHelp.induction')}</li>
      </ul>
    </Panel>
  );
}
