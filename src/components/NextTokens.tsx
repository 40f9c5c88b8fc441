import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPercent, row, softmax, topK } from '../analysis/probability';
import { tokenizerFor } from '../model/tokenizers';
import { useRuntime } from '../state/runtime';
import { Panel } from './Panel';

/**
 * The model's ten most likely next tokens (GPT) or fill-ins for the first
 * [MASK] (BERT), from a softmax over the whole vocabulary.
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
    return { mlm, pos, top: topK(softmax(row(forward.output.logits, r === undefined ? pos : 0, V)), 10) };
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
        top: view.top.map(({ id, p }) => ({ id, token: tokenizer.pieceOf(id), p })),
      })}
    >
      <h2 id="next-h">{view.mlm ? t('next.headingMask') : t('next.heading')}</h2>
      <p className="explain">{view.mlm ? t('next.explainMask') : t('next.explain')}</p>
      {view.pos < 0 ? <p className="notice">{t('next.needMask')}</p> : null}
      <ol className="next-tokens">
        {view.top.map(({ id, p }) => (
          <li key={id} data-testid="next-token" data-token={tokenizer.pieceOf(id)} data-id={id} data-prob={p.toPrecision(6)}>
            <span className="next-piece">{tokenizer.display(id)}</span>
            <span className="bar" aria-hidden="true">
              <span style={{ width: `${(100 * p) / max}%` }} />
            </span>
            <span className="next-prob">{formatPercent(p)}</span>
          </li>
        ))}
      </ol>
      <p className="muted small">{t('next.ms', { ms: forward.output.ms.toFixed(0) })}</p>
    </Panel>
  );
}
