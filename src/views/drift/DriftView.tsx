import * as Slider from '@radix-ui/react-slider';
import * as ToggleGroup from '@radix-ui/react-toggle-group';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findTarget, pickPreset } from '../../analysis/drift';
import { useEngine } from '../../app/EngineContext';
import { Panel } from '../../components/Panel';
import { hfIdParts, isHfModelId, MODELS } from '../../state/models';
import { effectiveModelId, useRuntime } from '../../state/runtime';
import type { DriftSentence } from '../../state/slices/drift';
import { useAppStore } from '../../state/store';
import { ModelPanel } from './ModelPanel';
import { senseOrder } from './palette';
import { SentenceEditor } from './SentenceEditor';
import { useDriftRuns } from './useDriftRuns';
import { usePolysemy } from './usePolysemy';
import './drift.css';

const COMPARE = ['tiny-gpt', 'tiny-bert'];
const PER_SENSE = 10;

/**
 * Embedding drift: one word in many sentences, its vector at every layer of
 * the live forward pass, projected to 2-D with one fit over all layers, with
 * sense-separation numbers per layer and a logit lens.
 */
export default function DriftView() {
  const { t } = useTranslation();
  const engine = useEngine();
  const choice = useAppStore((s) => s.drift);
  const update = useAppStore((s) => s.update);
  const { words, error: dataError } = usePolysemy();
  const [wordDraft, setWordDraft] = useState(choice.word);
  useEffect(() => setWordDraft(choice.word), [choice.word]);

  const preset = words?.find((w) => w.word === choice.word.toLowerCase());
  const presetSentences = useMemo(() => (preset ? pickPreset(preset.sentences, PER_SENSE) : []), [preset]);
  const sentences: DriftSentence[] = choice.sentences ?? presetSentences;
  const order = useMemo(
    () => senseOrder([...(preset?.senses.map((s) => s.label) ?? []), ...sentences.map((s) => s.sense)]),
    [preset, sentences],
  );

  const cues = useMemo(() => {
    const known = new Map((preset?.sentences ?? []).map((s) => [s.text, s.cueBefore]));
    return sentences.map((s) => known.get(s.text));
  }, [preset, sentences]);
  const missing = useRuntime((s) => s.missingModel);
  const opened = useRuntime((s) => s.opened);
  const modelIds = choice.compare ? COMPARE : [effectiveModelId(choice.model, missing)];
  const runs = useDriftRuns(engine, modelIds, choice.word, sentences);
  const firstInfo = runs[0]?.info;
  const tokenizer = firstInfo ? engine.tokenizer(firstInfo.id) : undefined;
  const targets = useMemo(
    () =>
      sentences.map((s) =>
        tokenizer ? findTarget(s.text, tokenizer.encode(s.text).slice(0, firstInfo?.config.contextLength), choice.word) : undefined,
      ),
    [sentences, tokenizer, firstInfo, choice.word],
  );
  const L = Math.max(1, ...runs.map((r) => r.info?.config.nLayers ?? 0));
  const layer = Math.min(choice.layer ?? L, L);

  const setWord = (w: string) => {
    const v = w.trim().toLowerCase().slice(0, 40);
    if (!v || v === choice.word) return;
    const isPreset = words?.some((x) => x.word === v);
    update('drift', { word: v, sentences: isPreset ? null : [], layer: null });
  };
  const layerName = (l: number) => (l === 0 ? t('drift.layer0') : t('drift.afterBlock', { n: l }));

  return (
    <div className="drift-view" data-testid="drift-view">
      {/* The title heads the view for screen readers; on screen the figure comes first and the title folds under it. */}
      <h2 className="visually-hidden">{t('drift.title')}</h2>
      <div className="drift-layout">
        <div className="drift-main">
          <Panel id="drift.controls" as="div" className="drift-controls panel-bar" name="drift-settings" title={t('drift.settingsTitle')}>
            <label className="field inline">
              <input
                type="checkbox"
                data-testid="drift-compare"
                checked={choice.compare}
                onChange={(e) => update('drift', { compare: e.target.checked })}
              />
              <span>{t('drift.compare')}</span>
            </label>
            {!choice.compare ? (
              <label className="field inline">
                <span>{t('drift.model')}</span>
                <select data-testid="drift-model" value={choice.model} onChange={(e) => update('drift', { model: e.target.value })}>
                  {MODELS.map((m) => (
                    <option key={m.id} value={m.id}>
                      {t(m.nameKey)}
                    </option>
                  ))}
                  {[...new Set([...opened.map((e) => e.id), ...(isHfModelId(choice.model) ? [choice.model] : [])])].map((id) => (
                    <option key={id} value={id}>
                      {t('open.name', hfIdParts(id) ?? { name: id, hash: '' })}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <div className="field inline">
              <span id="drift-method-label">{t('drift.method')}</span>
              <ToggleGroup.Root
                type="single"
                className="toggle"
                aria-labelledby="drift-method-label"
                value={choice.method}
                onValueChange={(v) => v && update('drift', { method: v as 'pca' | 'umap' })}
              >
                <ToggleGroup.Item value="pca" data-testid="drift-pca">
                  {t('drift.pca')}
                </ToggleGroup.Item>
                <ToggleGroup.Item value="umap" data-testid="drift-umap">
                  {t('drift.umap')}
                </ToggleGroup.Item>
              </ToggleGroup.Root>
            </div>
            {choice.method === 'umap' ? (
              <label className="field inline">
                <span>{t('drift.seed')}</span>
                <input
                  type="number"
                  className="seed-input"
                  min={0}
                  max={2 ** 31 - 1}
                  value={choice.seed}
                  onChange={(e) => {
                    const v = Math.floor(Number(e.target.value));
                    if (Number.isFinite(v) && v >= 0 && v <= 2 ** 31 - 1) update('drift', { seed: v });
                  }}
                />
              </label>
            ) : null}
            <label className="field inline">
              <input
                type="checkbox"
                data-testid="drift-remove-position"
                checked={choice.removePosition}
                onChange={(e) => update('drift', { removePosition: e.target.checked })}
              />
              <span>{t('drift.removePosition')}</span>
            </label>
            <label className="field inline">
              <input
                type="checkbox"
                data-testid="drift-centre"
                checked={choice.centre}
                onChange={(e) => update('drift', { centre: e.target.checked })}
              />
              <span>{t('drift.centre')}</span>
            </label>
            <div className="field inline layer-field">
              <span id="drift-layer-label">{t('drift.layer')}</span>
              <Slider.Root
                className="slider"
                min={0}
                max={L}
                step={1}
                value={[layer]}
                onValueChange={(v) => update('drift', { layer: v[0] ?? null })}
                aria-labelledby="drift-layer-label"
              >
                <Slider.Track className="slider-track">
                  <Slider.Range className="slider-range" />
                </Slider.Track>
                <Slider.Thumb
                  className="slider-thumb"
                  data-testid="drift-layer"
                  aria-label={t('drift.layer')}
                  aria-valuetext={layerName(layer)}
                />
              </Slider.Root>
              <output className="layer-name" data-testid="drift-layer-name">
                {layerName(layer)}
              </output>
            </div>
          </Panel>

          <div className={`drift-panels${runs.length > 1 ? ' two' : ''}`}>
            {runs.map((r) => (
              <ModelPanel key={r.modelId} run={r} sentences={sentences} order={order} cues={cues} choice={{ ...choice, layer }} />
            ))}
          </div>
          {/* What the view shows and how to read it: folded under the plot, one click away. */}
          <Panel id="drift.intro" as="details" className="about drift-intro" name="drift-introduction" title={t('drift.title')}>
            <summary>
              <span className="about-title">{t('drift.title')}</span>
            </summary>
            <p>{t('drift.intro')}</p>
          </Panel>
          <Panel id="drift.explain" as="details" className="about drift-explain" name="drift-explanation" title={t('drift.explainTitle')}>
            <summary>{t('drift.explainTitle')}</summary>
            <p>
              {choice.removePosition ? t('drift.explainLayer0', { word: choice.word }) : t('drift.explainLayer0Raw', { word: choice.word })}
            </p>
            <p>{t('drift.explainProjection', { d: firstInfo?.config.dModel ?? 128 })}</p>
            <p>{choice.centre ? t('drift.explainCentre', { word: choice.word }) : t('drift.explainUncentred', { word: choice.word })}</p>
            <p>{t('drift.explainMetrics')}</p>
            <p>{t('drift.explainCompare', { word: choice.word })}</p>
          </Panel>
        </div>
        <Panel
          id="drift.setup"
          as="aside"
          className="drift-side"
          name={`drift-${choice.word}-sentences`}
          title={t('drift.setupTitle')}
          data={() => ({ word: choice.word, senses: preset?.senses ?? null, sentences })}
        >
          <h3>{t('drift.setupTitle')}</h3>
          <form
            className="drift-word"
            onSubmit={(e) => {
              e.preventDefault();
              setWord(wordDraft);
            }}
          >
            <label className="field">
              <span>{t('drift.word')}</span>
              <input
                data-testid="drift-word"
                list="drift-words"
                value={wordDraft}
                maxLength={40}
                onChange={(e) => {
                  setWordDraft(e.target.value);
                  if (words?.some((x) => x.word === e.target.value)) setWord(e.target.value);
                }}
                onBlur={() => setWord(wordDraft)}
              />
              <datalist id="drift-words">
                {(words ?? []).map((w) => (
                  <option key={w.word} value={w.word} />
                ))}
              </datalist>
            </label>
          </form>
          <fieldset className="preset-words">
            <legend className="visually-hidden">{t('drift.presets')}</legend>
            {(words ?? []).map((w) => (
              <button
                type="button"
                key={w.word}
                className={w.word === choice.word ? 'active' : undefined}
                aria-pressed={w.word === choice.word}
                onClick={() => update('drift', { word: w.word, sentences: null, layer: null })}
              >
                {w.word}
              </button>
            ))}
          </fieldset>
          {preset ? (
            <ul className="sense-glosses small">
              {preset.senses.map((s) => (
                <li key={s.label}>
                  <strong>{s.label}</strong>: {s.gloss}
                </li>
              ))}
            </ul>
          ) : null}
          {dataError ? <p className="notice notice-error">{t('drift.dataError', { message: dataError })}</p> : null}
          {!preset && words && sentences.length === 0 ? (
            <p className="muted small">{t('drift.customWord', { word: choice.word })}</p>
          ) : null}
          <SentenceEditor
            sentences={sentences}
            senses={order}
            order={order}
            targets={targets}
            word={choice.word}
            onChange={(next) => update('drift', { sentences: next })}
            onReset={preset && choice.sentences ? () => update('drift', { sentences: null }) : null}
          />
        </Panel>
      </div>
    </div>
  );
}
