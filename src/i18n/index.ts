/** i18next setup: English and Chinese, every string from the locale files. */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import zh from './locales/zh.json';

export const LANGS = ['en', 'zh'] as const;

export function initI18n(lang: (typeof LANGS)[number]): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, zh: { translation: zh } },
    lng: lang,
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes; user text never becomes HTML
    returnNull: false,
  });
  return i18next;
}
