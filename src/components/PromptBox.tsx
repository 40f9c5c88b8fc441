import { useTranslation } from 'react-i18next';
import { useAppStore } from '../state/store';

export function PromptBox() {
  const { t } = useTranslation();
  const prompt = useAppStore((s) => s.prompt);
  const setPrompt = useAppStore((s) => s.setPrompt);
  return (
    <label className="field prompt-field">
      <span>{t('prompt.label')}</span>
      <textarea
        data-testid="prompt-input"
        value={prompt}
        rows={2}
        maxLength={20_000}
        placeholder={t('prompt.placeholder')}
        spellCheck={false}
        onChange={(e) => setPrompt(e.target.value)}
      />
    </label>
  );
}
