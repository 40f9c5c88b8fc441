import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CustomTask, customTaskSchema } from '../../state/slices/prompting';

/** "input -> output" per line; lines without an arrow are ignored. */
export function parsePairs(text: string): { input: string; output: string }[] {
  return text
    .split('\n')
    .map((line) => {
      const i = line.indexOf('->');
      if (i < 0) return null;
      return { input: line.slice(0, i).trim(), output: line.slice(i + 2).trim() };
    })
    .filter((p): p is { input: string; output: string } => p !== null && p.input.length > 0 && p.output.length > 0);
}

export function pairsText(pairs: readonly { input: string; output: string }[]): string {
  return pairs.map((p) => `${p.input} -> ${p.output}`).join('\n');
}

/** Validated custom task from the editor's three fields, or the reason it is not valid. */
export function customFromText(instruction: string, examples: string, queries: string): CustomTask | null {
  const r = customTaskSchema.safeParse({ instruction: instruction.trim(), examples: parsePairs(examples), queries: parsePairs(queries) });
  return r.success ? r.data : null;
}

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
