import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { type Lang, useAppStore } from '../state/store';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const lang = useAppStore((s) => s.ui.lang);
  const update = useAppStore((s) => s.update);
  useEffect(() => {
    void i18n.changeLanguage(lang);
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang, i18n]);
  return (
    <label className="field inline">
      <span className="visually-hidden">{t('lang.label')}</span>
      <select data-testid="lang-switch" value={lang} onChange={(e) => update('ui', { lang: e.target.value as Lang })}>
        <option value="en">{t('lang.en')}</option>
        <option value="zh">{t('lang.zh')}</option>
      </select>
    </label>
  );
}
