import * as ToggleGroup from '@radix-ui/react-toggle-group';
import { useTranslation } from 'react-i18next';
import type { LossSummary } from '../../analysis/ablation';
import { inductionBlock } from '../../analysis/headRoles';
import { signed } from '../../analysis/probability';
import { Panel } from '../../components/Panel';
import type { TextTokenizer } from '../../model/textTokenizer';
import { ablationDefaults } from '../../state/slices/ablation';
import { useAppStore } from '../../state/store';
import type { ImportanceMap } from './useAblationLoss';

interface Props {
  modelId: string;
  causal: boolean;
  contextLength: number;
  tokenizer: TextTokenizer | null;
  /** Tokens of the current text (mean ablation averages over them). */
  T: number;
  heads: [number, number][];
  loss: { full: LossSummary; ablated: LossSummary } | null;
  importance: { map: ImportanceMap | null; stale: boolean; run: () => void; cancel: () => void; canRun: boolean };
}

const nats = (x: number) => x.toFixed(3);

/**
 * The switches' panel: how a head is switched off (zeros or its mean), which
 * heads are off and "all on", the loss of the current text before → after
 * (and of the second copy on the repeated random words), the demo text, and
 * "Which heads matter here?" (the importance map drawn over the grid).
 */
export function AblationPanel({ modelId, causal, contextLength, tokenizer, T, heads, loss, importance }: Props) {
  const { t } = useTranslation();
  const kind = useAppStore((s) => s.ablation.kind);
  const update = useAppStore((s) => s.update);
  const map = importance.map;
  const running = map?.status === 'running' && !importance.stale;
  const demo = () => {
    if (!tokenizer) return;
    const block = inductionBlock(tokenizer, contextLength);
    update('prompt', { text: tokenizer.decode([...block, ...block]) });
  };
  let min = 0;
  let max = 0;
  if (map) for (const v of map.delta) if (Number.isFinite(v)) [min, max] = [Math.min(min, v), Math.max(max, v)];
  return (
    <Panel
      id="attention.ablation"
      className="ablation-panel"
      aria-labelledby="ablation-h"
      name={`ablation-${modelId}`}
      title={t('ablation.title')}
      data={() => ({
        model: modelId,
        kind,
        headsOff: heads,
        loss,
        importance: map ? { kind: map.kind, status: map.status, layout: 'delta[layer * H + head]', delta: Array.from(map.delta) } : null,
      })}
      data-testid="ablation-panel"
    >
      <h2 id="ablation-h">{t('ablation.title')}</h2>
      <div className="ablation-off" data-testid="ablation-off" data-count={heads.length}>
        {heads.length === 0 ? (
          <span className="muted small">{t('ablation.allOnState')}</span>
        ) : (
          <>
            <span className="small">{t('ablation.offList', { count: heads.length })}</span>{' '}
            {heads.map(([l, h]) => (
              <span key={`${l}.${h}`} className="off-chip">
                {t('ablation.head', { layer: l, head: h })}
              </span>
            ))}
          </>
        )}
        <button
          type="button"
          data-testid="ablation-reset"
          disabled={heads.length === 0}
          onClick={() => update('ablation', { model: ablationDefaults.model, heads: ablationDefaults.heads })}
        >
          {t('ablation.allOn')}
        </button>
      </div>
      {heads.length > 0 ? (
        <div className="ablation-loss" aria-live="polite">
          <h3>{t('ablation.lossHeading')}</h3>
          {T < (causal ? 2 : 1) ? (
            <p className="muted small">{t('ablation.lossShort')}</p>
          ) : loss ? (
            <ul>
              <li data-testid="text-loss" data-full={loss.full.text.toFixed(6)} data-ablated={loss.ablated.text.toFixed(6)}>
                {t('ablation.lossText', { full: nats(loss.full.text), ablated: nats(loss.ablated.text) })}
              </li>
              {loss.full.secondCopy !== null && loss.ablated.secondCopy !== null ? (
                <li
                  data-testid="copy-loss"
                  data-full={loss.full.secondCopy.toFixed(6)}
                  data-ablated={loss.ablated.secondCopy.toFixed(6)}
                  className="copy-loss"
                >
                  {t('ablation.lossCopy', {
                    full: nats(loss.full.secondCopy),
                    ablated: nats(loss.ablated.secondCopy),
                    delta: signed(loss.ablated.secondCopy - loss.full.secondCopy, 3),
                  })}
                </li>
              ) : null}
            </ul>
          ) : (
            <p className="muted small">{t('ablation.lossWorking')}</p>
          )}
          <p className="muted small">{causal ? t('ablation.lossExplain') : t('ablation.lossExplainMlm')}</p>
        </div>
      ) : null}
      <div className="ablation-kind">
        <span className="ablation-kind-label" id="ablation-kind-label">
          {t('ablation.kindLabel')}
        </span>
        <ToggleGroup.Root
          type="single"
          className="toggle"
          value={kind}
          aria-labelledby="ablation-kind-label"
          data-testid="ablation-kind"
          data-kind={kind}
          onValueChange={(v) => v && update('ablation', { kind: v as 'zero' | 'mean' })}
        >
          <ToggleGroup.Item value="zero" data-testid="ablation-kind-zero">
            {t('ablation.kindZero')}
          </ToggleGroup.Item>
          <ToggleGroup.Item value="mean" data-testid="ablation-kind-mean">
            {t('ablation.kindMean', { count: T })}
          </ToggleGroup.Item>
        </ToggleGroup.Root>
      </div>
      <div className="ablation-actions">
        <button type="button" data-testid="ablation-demo" onClick={demo} disabled={!tokenizer}>
          {t('ablation.demo')}
        </button>
        <button type="button" data-testid="importance-run" onClick={importance.run} disabled={!importance.canRun || running}>
          {t('ablation.importanceRun')}
        </button>
        {running ? (
          <button type="button" data-testid="importance-cancel" onClick={importance.cancel}>
            {t('ablation.importanceCancel')}
          </button>
        ) : null}
      </div>
      {map ? (
        <div className="importance-status" data-testid="importance" data-state={importance.stale ? 'stale' : map.status} aria-live="polite">
          {running ? (
            <progress max={map.total} value={map.done} aria-label={t('ablation.importanceProgress')} data-testid="importance-progress" />
          ) : null}
          <span className="small">
            {importance.stale
              ? t('ablation.importanceStale')
              : map.status === 'running'
                ? t('ablation.importanceRunning', { done: map.done, total: map.total, seconds: (map.ms / 1000).toFixed(1) })
                : map.status === 'done'
                  ? t('ablation.importanceDone', {
                      kind: t(`ablation.kindName.${map.kind}`),
                      total: map.total,
                      passes: map.passes,
                      seconds: (map.ms / 1000).toFixed(1),
                    })
                  : map.status === 'cancelled'
                    ? t('ablation.importanceCancelled', { done: map.done, total: map.total })
                    : (map.error ?? '')}
          </span>
          {map.done > 0 && !importance.stale ? (
            <span className="importance-legend small" aria-hidden="true">
              <span className="swatch neg" />
              {t('ablation.importanceScale', { min: signed(min, 2), max: max.toFixed(2) })}
              <span className="swatch pos" />
            </span>
          ) : null}
        </div>
      ) : null}
      <p className="muted small">{t('ablation.demoExplain')}</p>
      <p className="explain small ablation-explain">{t('ablation.explain')}</p>
    </Panel>
  );
}
