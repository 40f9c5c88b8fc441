import { useTranslation } from 'react-i18next';
import type { EngineHandle } from './app/engineController';
import { BackendBadge, BackendNotice } from './components/BackendBadge';
import { LanguageSwitch } from './components/LanguageSwitch';
import { ModelPicker, ModelStatus } from './components/ModelPicker';
import { NextTokens } from './components/NextTokens';
import { PromptBox } from './components/PromptBox';
import { TokenStrip } from './components/TokenStrip';
import { useAppStore } from './state/store';

export function App({ engine }: { engine: EngineHandle }) {
  const { t } = useTranslation();
  const retry = () => {
    void engine.selectModel(useAppStore.getState().modelId).catch(() => {});
  };
  return (
    <div className="app">
      <header className="topbar">
        <h1>{t('app.title')}</h1>
        <div className="topbar-controls">
          <ModelPicker />
          <BackendBadge />
          <LanguageSwitch />
        </div>
      </header>
      <BackendNotice />
      <main>
        <p className="tagline">{t('app.tagline')}</p>
        <ModelStatus onRetry={retry} />
        <PromptBox />
        <div className="first-screen">
          <TokenStrip />
          <NextTokens />
        </div>
      </main>
    </div>
  );
}
