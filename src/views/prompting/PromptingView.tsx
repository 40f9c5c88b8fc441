/**
 * Prompting modes: the same query asked zero-shot (instruction only),
 * one-shot and few-shot, side by side — prompt with examples highlighted,
 * answer distribution on one shared scale, greedy answer and verdict,
 * attention from the answer position onto the prompt — plus a batch run of
 * accuracy against the number of examples.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { attentionFromLast, customTask, formatFor, type PromptTask } from '../../analysis/prompting';
import { Panel, useShown } from '../../components/Panel';
import { CUSTOM_TASK_ID, customTaskExample } from '../../state/slices/prompting';
import { useAppStore } from '../../state/store';
import { BatchPanel } from './BatchPanel';
import { Controls } from './Controls';
import { CustomTaskEditor } from './CustomTaskEditor';
import { Lane } from './Lane';
import { useLanes } from './useLanes';
import { useCausalModel, useTasks } from './useSources';
import './prompting.css';

export default function PromptingView() {
  const { t } = useTranslation();
  const choice = useAppStore((s) => s.prompting);
  const update = useAppStore((s) => s.update);
  const { tasks, error: tasksError } = useTasks();
  const { model, error: modelError } = useCausalModel();

  const custom = choice.custom ?? customTaskExample;
  const customMemo = useMemo(() => customTask(custom), [custom]);
  const isCustom = choice.taskId === CUSTOM_TASK_ID;
  const preset = tasks?.find((x) => x.id === choice.taskId) ?? null;
  const task: PromptTask | null = isCustom ? customMemo : (preset ?? tasks?.[0] ?? null);
  const unknownTask = !isCustom && tasks !== null && preset === null;
  const queryIndex = task ? Math.min(choice.query, task.queries.length - 1) : 0;
  const format = task ? formatFor(task, choice.format) : null;
  const opts = useMemo(
    () => (format ? { seed: choice.seed, format, withInstruction: choice.instruction } : null),
    [format, choice.seed, choice.instruction],
  );
  const shots = useMemo(() => [0, 1, choice.shots], [choice.shots]);
  const { lanes, error: laneError, busy } = useLanes(model, task, queryIndex, shots, opts);

  const L = model?.config.nLayers ?? 1;
  const H = model?.config.nHeads ?? 1;
  const layer = choice.layer >= 0 && choice.layer < L ? choice.layer : 'mean';
  const weights = useMemo(
    () => (lanes ?? []).map((lane) => attentionFromLast(lane.attention, L, H, lane.tokens.length, layer)),
    [lanes, L, H, layer],
  );
  const scaleMax = useMemo(() => {
    const m = Math.max(0.01, ...(lanes ?? []).flatMap((l) => [l.top[0]?.p ?? 0, l.expected?.p ?? 0]));
    return Math.min(1, Math.ceil(m * 10) / 10);
  }, [lanes]);
  const controlsShown = useShown('prompting.controls');
  const laneTitle = (k: number) =>
    k === 0 ? t('prompting.lane.zero') : k === 1 ? t('prompting.lane.one') : t('prompting.lane.few', { k });

  return (
    <div className="prompting-view" data-testid="prompting-view">
      {/* The title heads the view for screen readers; on screen the lanes come first and the title folds under them. */}
      <h2 className="visually-hidden">{t('prompting.title')}</h2>
      {model?.note ? (
        <p className="notice" data-testid="shot-model-note" data-model={model.id}>
          {t(`prompting.model.${model.note}`, { model: model.id })}
        </p>
      ) : null}
      {modelError ? <p className="notice notice-error">{t('prompting.model.error', { message: modelError })}</p> : null}
      {tasksError ? <p className="notice notice-error">{t('prompting.tasksError', { message: tasksError })}</p> : null}
      {unknownTask ? <p className="notice">{t('prompting.unknownTask', { id: choice.taskId })}</p> : null}

      {tasks && task && format ? (
        <Controls tasks={tasks} task={task} format={format} layers={L} queryIndex={queryIndex} />
      ) : (
        !tasksError && <p className="muted">{t('prompting.loadingTasks')}</p>
      )}

      {isCustom && controlsShown ? (
        <CustomTaskEditor key={JSON.stringify(custom)} value={custom} onChange={(c) => update('prompting', { custom: c, query: 0 })} />
      ) : null}

      <Panel
        id="prompting.lanes"
        as="div"
        className="shot-lanes-panel"
        bare
        name={`prompting-${task?.id ?? 'task'}-lanes`}
        title={t('prompting.lanesTitle')}
        data={() =>
          lanes && model
            ? {
                model: model.id,
                task: task?.id,
                seed: choice.seed,
                format: format?.id,
                attentionLayer: layer,
                layout: 'attentionFromLast[token]: attention of the last prompt token to every prompt token',
                lanes: lanes.map((lane, i) => ({
                  shots: lane.shots,
                  k: lane.prompt.k,
                  prompt: lane.prompt.text,
                  tokens: lane.tokens.map((tok) => tok.piece),
                  segments: lane.segments.map((sg) => sg?.kind ?? null),
                  attentionFromLast: Array.from(weights[i] ?? []),
                  top: lane.top.map((r) => ({ id: r.id, token: model.tokenizer.pieceOf(r.id), p: r.p })),
                  expected: lane.expected,
                  completion: lane.completion,
                  correct: lane.correct,
                })),
              }
            : null
        }
      >
        <div className="shot-legend small">
          <span className="muted">{t('prompting.legend.label')}</span>
          <span className="shot-tok shot-instruction">{t('prompting.kind.instruction')}</span>
          <span className="shot-tok shot-input">{t('prompting.kind.input')}</span>
          <span className="shot-tok shot-output">{t('prompting.kind.output')}</span>
          <span className="shot-tok shot-query">{t('prompting.kind.query')}</span>
          <span className="shot-legend-att">
            <span className="shot-legend-ramp" aria-hidden="true" />
            {t('prompting.legend.attention', {
              which: layer === 'mean' ? t('prompting.legend.meanLayers') : t('prompting.legend.layer', { n: layer + 1 }),
            })}
          </span>
        </div>

        {laneError ? <p className="notice notice-error">{t('prompting.laneError', { message: laneError })}</p> : null}
        <div className="shot-lanes" aria-busy={busy} data-busy={busy}>
          {lanes && model
            ? lanes.map((lane, i) => (
                <Lane
                  key={i}
                  lane={lane}
                  weights={weights[i] ?? new Float64Array(0)}
                  scaleMax={scaleMax}
                  tokenizer={model.tokenizer}
                  title={laneTitle(lane.shots)}
                />
              ))
            : !laneError && <p className="muted">{model ? t('prompting.running') : t('prompting.waitingModel')}</p>}
        </div>
        {lanes ? <p className="small muted">{t('prompting.scaleNote', { max: Math.round(scaleMax * 100) })}</p> : null}
      </Panel>

      {/* What the lanes compare: folded under them, one click away. */}
      <Panel id="prompting.intro" as="details" className="about prompting-intro" name="prompting-introduction" title={t('prompting.title')}>
        <summary>
          <span className="about-title">{t('prompting.title')}</span>
        </summary>
        <p>{t('prompting.intro1')}</p>
        <p>{t('prompting.intro2')}</p>
        <p>{t('prompting.intro3')}</p>
      </Panel>

      {model && task && opts ? <BatchPanel model={model} task={task} opts={opts} /> : null}
    </div>
  );
}
