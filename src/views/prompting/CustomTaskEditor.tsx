import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomTask } from '../../state/slices/prompting';
import { customFromText, pairsText } from './customText';

/** The user's own task: an instruction, examples and queries with their expected answers. */
export function CustomTaskEditor({ value, onChange }: { value: CustomTask; onChange: (c: CustomTask) => void }) {
  const { t } = useTranslation();
  const [instruction, setInstruction] = useState(value.instruction);
  const [examples, setExamples] = useState(pairsText(value.examples));
  const [queries, setQueries] = useState(pairsText(value.queries));
  const parsed = customFromText(instruction, examples, queries);
  return (
    <form
      className="panel shot-custom"
      data-testid="shot-custom"
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed) onChange(parsed);
      }}
    >
      <h3>{t('prompting.custom.heading')}</h3>
      <p className="explain">{t('prompting.custom.explain')}</p>
      <label className="field">
        <span>{t('prompting.custom.instruction')}</span>
        <input type="text" maxLength={200} value={instruction} onChange={(e) => setInstruction(e.target.value)} />
      </label>
      <div className="shot-custom-lists">
        <label className="field">
          <span>{t('prompting.custom.examples')}</span>
          <textarea rows={6} value={examples} onChange={(e) => setExamples(e.target.value)} spellCheck={false} />
        </label>
        <label className="field">
          <span>{t('prompting.custom.queries')}</span>
          <textarea rows={6} value={queries} onChange={(e) => setQueries(e.target.value)} spellCheck={false} />
        </label>
      </div>
      <div className="shot-custom-actions">
        <button type="submit" disabled={!parsed}>
          {t('prompting.custom.apply')}
        </button>
        {parsed ? null : <span className="notice small">{t('prompting.custom.invalid')}</span>}
      </div>
    </form>
  );
}
