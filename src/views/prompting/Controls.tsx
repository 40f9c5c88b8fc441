import * as Slider from '@radix-ui/react-slider';
import { useTranslation } from 'react-i18next';
import { type FewShotFormat, FORMATS } from '../../analysis/fewshot';
import { MAX_SHOTS, type PromptTask } from '../../analysis/prompting';
import { Panel } from '../../components/Panel';
import { CUSTOM_TASK_ID } from '../../state/slices/prompting';
import { useAppStore } from '../../state/store';

/** How a format looks, e.g. "x -> y" or "input: x ↵ output: y". */
function formatPattern(f: FewShotFormat): string {
  return `${f.inputPrefix}x${f.outputPrefix}y`.replace(/\n/g, ' ↵ ');
}

/** The next seed: a fixed step of a 32-bit LCG, so "draw again" is itself reproducible. */
export function nextSeed(seed: number): number {
  return (Math.imul(seed >>> 0, 1664525) + 1013904223) >>> 0;
}

const KNOWN_TASKS = new Set(['sentiment', 'word-sentiment', 'antonym', 'en-fr', 'capital', 'continent']);

export function Controls({
  tasks,
  task,
  format,
  layers,
  queryIndex,
}: {
  tasks: PromptTask[];
  task: PromptTask;
  format: FewShotFormat;
  layers: number;
  queryIndex: number;
}) {
  const { t } = useTranslation();
  const c = useAppStore((s) => s.prompting);
  const update = useAppStore((s) => s.update);
  const set = (patch: Partial<typeof c>) => update('prompting', patch);
  const nq = task.queries.length;
  return (
    <Panel
      id="prompting.controls"
      className="shot-controls panel-bar"
      aria-label={t('prompting.controls.label')}
      name={`prompting-${task.id}-settings`}
      title={t('prompting.controls.label')}
      data={() => ({ task: task.id, ...c })}
    >
      <label className="field">
        <span>{t('prompting.controls.task')}</span>
        <select
          data-testid="shot-task"
          value={c.taskId === CUSTOM_TASK_ID ? CUSTOM_TASK_ID : task.id}
          onChange={(e) => {
            const next = tasks.find((x) => x.id === e.target.value);
            set({ taskId: e.target.value, query: 0, ...(next && !next.formats.includes(c.format) ? { format: next.formats[0] } : {}) });
          }}
        >
          {tasks.map((x) => (
            <option key={x.id} value={x.id}>
              {KNOWN_TASKS.has(x.id) ? t(`prompting.tasks.${x.id}`) : x.name}
            </option>
          ))}
          <option value={CUSTOM_TASK_ID}>{t('prompting.tasks.custom')}</option>
        </select>
      </label>
      <label className="field">
        <span>{t('prompting.controls.format')}</span>
        <select data-testid="shot-format" value={format.id} onChange={(e) => set({ format: e.target.value })}>
          {FORMATS.map((f) => (
            <option key={f.id} value={f.id}>
              {formatPattern(f)}
              {task.id !== CUSTOM_TASK_ID && !task.formats.includes(f.id) ? ` (${t('prompting.controls.untrainedFormat')})` : ''}
            </option>
          ))}
        </select>
      </label>
      <div className="field shot-k">
        <span id="shot-k-label">{t('prompting.controls.shots', { k: c.shots })}</span>
        <Slider.Root
          className="shot-slider"
          min={2}
          max={MAX_SHOTS}
          step={1}
          value={[c.shots]}
          onValueChange={([v]) => v !== undefined && set({ shots: v })}
          aria-labelledby="shot-k-label"
        >
          <Slider.Track className="shot-slider-track">
            <Slider.Range className="shot-slider-range" />
          </Slider.Track>
          <Slider.Thumb className="shot-slider-thumb" aria-labelledby="shot-k-label" data-testid="shot-k" />
        </Slider.Root>
      </div>
      <label className="field shot-layer-field">
        <span>{t('prompting.controls.layer')}</span>
        <select data-testid="shot-layer" value={c.layer} onChange={(e) => set({ layer: Number(e.target.value) })}>
          <option value={-1}>{t('prompting.controls.layerMean')}</option>
          {Array.from({ length: layers }, (_, i) => (
            <option key={i} value={i}>
              {t('prompting.controls.layerN', { n: i + 1 })}
            </option>
          ))}
        </select>
      </label>
      <div className="field shot-query-field">
        <label htmlFor="shot-query-select">{t('prompting.controls.query', { count: nq })}</label>
        <div className="shot-query-row">
          <button
            type="button"
            aria-label={t('prompting.controls.prevQuery')}
            disabled={queryIndex <= 0}
            onClick={() => set({ query: queryIndex - 1 })}
          >
            ‹
          </button>
          <select
            id="shot-query-select"
            data-testid="shot-query"
            value={queryIndex}
            onChange={(e) => set({ query: Number(e.target.value) })}
          >
            {task.queries.map((q, i) => (
              <option key={`${i}-${q.input}`} value={i}>
                {`${i + 1}. ${q.input.length > 48 ? `${q.input.slice(0, 47)}…` : q.input} → ${q.output}`}
              </option>
            ))}
          </select>
          <button
            type="button"
            aria-label={t('prompting.controls.nextQuery')}
            disabled={queryIndex >= nq - 1}
            onClick={() => set({ query: queryIndex + 1 })}
          >
            ›
          </button>
        </div>
      </div>
      <div className="field shot-seed">
        <label htmlFor="shot-seed-input">{t('prompting.controls.seed')}</label>
        <div className="shot-query-row">
          <input
            id="shot-seed-input"
            data-testid="shot-seed"
            type="number"
            min={0}
            max={4294967295}
            value={c.seed}
            onChange={(e) => {
              const v = Math.round(Number(e.target.value));
              if (Number.isFinite(v) && v >= 0 && v <= 4294967295) set({ seed: v });
            }}
          />
          <button type="button" onClick={() => set({ seed: nextSeed(c.seed) })}>
            {t('prompting.controls.redraw')}
          </button>
        </div>
      </div>
      <label className="field inline shot-check">
        <input type="checkbox" checked={c.instruction} onChange={(e) => set({ instruction: e.target.checked })} />
        <span>{t('prompting.controls.instruction')}</span>
      </label>
    </Panel>
  );
}
