import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPercent, row, signed, softmax, topK } from '../analysis/probability';
import { tokenizerFor } from '../model/tokenizers';
import { useRuntime } from '../state/runtime';
import { Panel } from './Panel';

/**
 * The model's ten most likely next tokens (GPT) or fill-ins for the first
 * [MASK] (BERT), from a softmax over the whole vocabulary. With heads
 * switched off (Attention view) the list is the ablated model's, each
 * probability shown as full model → ablated, and the full model's top token
 * with the change of its probability.
 */
export function NextTokens() {
  const { t } = useTranslation();
  const forward = useRuntime((s) => s.forward);
  const model = useRuntime((s) => s.model);
  const tokenizer = useMemo(() => (model ? tokenizerFor(model.tokenizer) : null), [model]);
  const view = useMemo(() => {
    if (!forward || !model || !tokenizer || forward.modelId !== model.id) return null;
    const V = model.config.vocabSize;
    const mlm = model.objective === 'mlm';
    const pos = mlm ? forward.output.ids.indexOf(tokenizer.maskId) : forward.output.T - 1;
    if (pos < 0) return { mlm, pos, top: [] };
    // The engine may have read back only this position's row (exact softmax over the whole vocabulary either way).
    const r = forward.output.logitsRow;
    if (r !== undefined && r !== pos) return null;
    const at = r === undefined ? pos : 0;
    const top = topK(softmax(row(forward.output.logits, at, V)), 10);
    if (!forward.full || !forward.ablation) return { mlm, pos, top };
    const after = softmax(row(forward.output.logits, at, V));
    const before = softmax(row(forward.full, at, V));
    const fullTop = topK(before, 1)[0];
    return {
      mlm,
      pos,
      top,
      before,
      topChange: fullTop ? { id: fullTop.id, before: fullTop.p, after: after[fullTop.id] as number } : undefined,
    };
  }, [forward, model, tokenizer]);
  if (!view || !tokenizer || !forward) return null;
  const max = view.top[0]?.p ?? 1;
  return (
    <Panel
      id="shell.tokens"
      aria-labelledby="next-h"
      name={`next-token-${model?.id ?? 'model'}`}
      title={view.mlm ? t('next.headingMask') : t('next.heading')}
      data={() => ({
        model: model?.id,
        position: view.pos,
        tokens: forward.tokens.map((tok) => ({ id: tok.id, piece: tok.piece })),
        top: view.top.map(({ id, p }) => ({ id, token: tokenizer.pieceOf(id), p, ...(view.before ? { full: view.before[id] } : {}) })),
        ...(forward.ablation ? { headsOff: forward.ablation.heads, ablation: forward.ablation.kind } : {}),
      })}
    >
      <h2 id="next-h">{view.mlm ? t('next.headingMask') : t('next.heading')}</h2>
      <p className="explain">{view.mlm ? t('next.explainMask') : t('next.explain')}</p>
      {view.pos < 0 ? <p className="notice">{t('next.needMask')}</p> : null}
      {view.topChange ? (
        <p
          className="next-change small"
          data-testid="next-token-change"
          data-token={tokenizer.pieceOf(view.topChange.id)}
          data-before={view.topChange.before.toPrecision(6)}
          data-after={view.topChange.after.toPrecision(6)}
        >
          {t('next.topChange', {
            token: tokenizer.display(view.topChange.id),
            before: formatPercent(view.topChange.before),
            after: formatPercent(view.topChange.after),
            delta: signed((view.topChange.after - view.topChange.before) * 100, 1),
          })}
        </p>
      ) : null}
      {view.before ? <p className="muted small next-before-after">{t('next.beforeAfter')}</p> : null}
      <ol className={`next-tokens${view.before ? ' compare' : ''}`}>
        {view.top.map(({ id, p }) => (
          <li
            key={id}
            data-testid="next-token"
            data-token={tokenizer.pieceOf(id)}
            data-id={id}
            data-prob={p.toPrecision(6)}
            data-before={view.before ? (view.before[id] as number).toPrecision(6) : undefined}
          >
            <span className="next-piece">{tokenizer.display(id)}</span>
            <span className="bar" aria-hidden="true">
              <span style={{ width: `${(100 * p) / max}%` }} />
            </span>
            <span className="next-prob">
              {view.before ? <span className="next-prob-before">{formatPercent(view.before[id] as number)} → </span> : null}
              {formatPercent(p)}
            </span>
          </li>
        ))}
      </ol>
      <p className="muted small">{t('next.ms', { ms: forward.output.ms.toFixed(0) })}</p>
    </Panel>
  );
}
