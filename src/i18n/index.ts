/**
 * i18next setup: English and Chinese. Shared strings live in locales/, each
 * view's strings in views/<view>/locales/, mounted under the view's name
 * (e.g. `attention.title`). A unit test checks both languages have the same keys.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import attentionEn from '../views/attention/locales/en.json';
import attentionZh from '../views/attention/locales/zh.json';
import driftEn from '../views/drift/locales/en.json';
import driftZh from '../views/drift/locales/zh.json';
import promptingEn from '../views/prompting/locales/en.json';
import promptingZh from '../views/prompting/locales/zh.json';
import samplingEn from '../views/sampling/locales/en.json';
import samplingZh from '../views/sampling/locales/zh.json';
import trainingEn from '../views/training/locales/en.json';
import trainingZh from '../views/training/locales/zh.json';
import ablationEn from './locales/ablation.en.json';
import ablationZh from './locales/ablation.zh.json';
import classroomEn from './locales/classroom.en.json';
import classroomZh from './locales/classroom.zh.json';
import en from './locales/en.json';
import layoutEn from './locales/layout.en.json';
import layoutZh from './locales/layout.zh.json';
import openEn from './locales/open.en.json';
import openZh from './locales/open.zh.json';
import zh from './locales/zh.json';

export const LANGS = ['en', 'zh'] as const;

export const resources = {
  en: {
    translation: {
      ...en,
      ...ablationEn,
      ...classroomEn,
      ...layoutEn,
      ...openEn,
      attention: attentionEn,
      drift: driftEn,
      sampling: samplingEn,
      prompting: promptingEn,
      training: trainingEn,
    },
  },
  zh: {
    translation: {
      ...zh,
      ...ablationZh,
      ...classroomZh,
      ...layoutZh,
      ...openZh,
      attention: attentionZh,
      drift: driftZh,
      sampling: samplingZh,
      prompting: promptingZh,
      training: trainingZh,
    },
  },
};

export function initI18n(lang: (typeof LANGS)[number]): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources,
    lng: lang,
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes; user text never becomes HTML
    returnNull: false,
  });
  return i18next;
}
