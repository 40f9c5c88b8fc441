import { useTranslation } from 'react-i18next';
import { MAX_PROMPT_CHARS } from '../state/slices/core';
import { useAppStore } from '../state/store';

export function PromptBox() {
  const { t } = useTranslation();
  const prompt = useAppStore((s) => s.prompt.text);
  const update = useAppStore((s) => s.update);
  return (
    <label className="field prompt-field">
      <span>{t('prompt.label')}</span>
      <textarea
        data-testid="prompt-input"
        value={prompt}
        rows={2}
        maxLength={MAX_PROMPT_CHARS}
        placeholder={t('prompt.placeholder')}
        spellCheck={false}
        onChange={(e) => update('prompt', { text: e.target.value })}
      />
    </label>
  );
}
