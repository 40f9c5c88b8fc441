import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Target } from '../../analysis/drift';
import { displayPiece } from '../../model/tokenizer';
import type { DriftSentence } from '../../state/slices/drift';
import { senseColour } from './palette';

export const MAX_SENTENCES = 60;
export const MAX_TEXT = 300;
export const MAX_SENSE = 40;

/** One editable sentence: its text is committed on blur or Enter, so typing does not start a pass per key. */
function Row({
  i,
  s,
  senses,
  order,
  target,
  word,
  onText,
  onSense,
  onRemove,
}: {
  i: number;
  s: DriftSentence;
  senses: string[];
  order: string[];
  target?: Target;
  word: string;
  onText: (text: string) => void;
  onSense: (sense: string) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(s.text);
  useEffect(() => setDraft(s.text), [s.text]);
  const commit = () => {
    const v = draft.trim().slice(0, MAX_TEXT);
    if (v && v !== s.text) onText(v);
    else setDraft(s.text);
  };
  let status: React.ReactNode = null;
  if (target?.status === 'missing')
    status = (
      <span className="sent-status missing" role="status" data-testid="drift-missing">
        {t('drift.missing', { word })}
      </span>
    );
  else if (target?.status === 'split')
    status = (
      <span className="sent-status split" data-testid="drift-split">
        {t('drift.split', {
          pieces: target.pieces.map((p) => displayPiece(p.piece)).join(' + '),
          chosen: target.pieces[target.pieces.length - 1]?.piece ?? '',
        })}
      </span>
    );
  else if (target?.status === 'ok')
    status = (
      <span className="sent-status ok">
        {t('drift.tokenAt', { token: target.pieces[0]?.piece ?? '', pos: target.index })}
        {target.occurrences > 1 ? ` ${t('drift.firstOccurrence', { n: target.occurrences })}` : ''}
      </span>
    );
  return (
    <li className="sent-row" data-testid="drift-sentence" data-status={target?.status ?? 'pending'}>
      <span className="sense-dot" style={{ background: senseColour(order, s.sense) }} aria-hidden="true" />
      <label className="visually-hidden" htmlFor={`drift-sense-${i}`}>
        {t('drift.senseOf', { n: i + 1 })}
      </label>
      <select id={`drift-sense-${i}`} value={s.sense} onChange={(e) => onSense(e.target.value)}>
        {senses.map((x) => (
          <option key={x} value={x}>
            {x}
          </option>
        ))}
      </select>
      <div className="sent-status-line">{status}</div>
      <label className="visually-hidden" htmlFor={`drift-text-${i}`}>
        {t('drift.textOf', { n: i + 1 })}
      </label>
      <input
        id={`drift-text-${i}`}
        className="sent-text"
        value={draft}
        maxLength={MAX_TEXT}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      <button
        type="button"
        className="sent-remove"
        onClick={onRemove}
        aria-label={t('drift.removeN', { n: i + 1 })}
        title={t('drift.remove')}
      >
        ×
      </button>
    </li>
  );
}

export function SentenceEditor({
  sentences,
  senses,
  order,
  targets,
  word,
  onChange,
  onReset,
}: {
  sentences: readonly DriftSentence[];
  senses: string[];
  order: string[];
  targets: (Target | undefined)[];
  word: string;
  onChange: (next: DriftSentence[]) => void;
  onReset: (() => void) | null;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [sense, setSense] = useState(senses[0] ?? '');
  useEffect(() => {
    if (!sense && senses[0]) setSense(senses[0]);
  }, [senses, sense]);
  const full = sentences.length >= MAX_SENTENCES;
  const add = () => {
    const v = text.trim().slice(0, MAX_TEXT);
    const sn = sense.trim().slice(0, MAX_SENSE);
    if (!v || !sn || full) return;
    onChange([...sentences, { text: v, sense: sn }]);
    setText('');
  };
  const patch = (i: number, p: Partial<DriftSentence>) => onChange(sentences.map((s, k) => (k === i ? { ...s, ...p } : s)));
  const missing = targets.filter((x) => x?.status === 'missing').length;
  return (
    <div className="sentence-editor">
      <div className="sent-head">
        <span>{t('drift.sentenceCount', { n: sentences.length, max: MAX_SENTENCES })}</span>
        {missing ? <span className="sent-status missing">{t('drift.missingCount', { n: missing, word })}</span> : null}
        {onReset ? (
          <button type="button" onClick={onReset}>
            {t('drift.reset')}
          </button>
        ) : null}
      </div>
      <ol className="sent-list">
        {sentences.map((s, i) => (
          <Row
            key={i}
            i={i}
            s={s}
            senses={senses}
            order={order}
            target={targets[i]}
            word={word}
            onText={(v) => patch(i, { text: v })}
            onSense={(v) => patch(i, { sense: v })}
            onRemove={() => onChange(sentences.filter((_, k) => k !== i))}
          />
        ))}
      </ol>
      <form
        className="sent-add"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <label className="field">
          <span>{t('drift.newSentence')}</span>
          <input
            data-testid="drift-add-text"
            value={text}
            maxLength={MAX_TEXT}
            placeholder={t('drift.newSentencePlaceholder', { word })}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('drift.newSense')}</span>
          <input
            data-testid="drift-add-sense"
            list="drift-senses"
            value={sense}
            maxLength={MAX_SENSE}
            onChange={(e) => setSense(e.target.value)}
          />
          <datalist id="drift-senses">
            {senses.map((x) => (
              <option key={x} value={x} />
            ))}
          </datalist>
        </label>
        <button type="submit" data-testid="drift-add" disabled={full || !text.trim() || !sense.trim()}>
          {t('drift.add')}
        </button>
      </form>
      <p className="small muted">{t('drift.senseHint')}</p>
    </div>
  );
}
