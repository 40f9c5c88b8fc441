import * as Tabs from '@radix-ui/react-tabs';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { EngineProvider } from './app/EngineContext';
import type { EngineHandle } from './app/engineController';
import { AblationNotice } from './components/AblationNotice';
import { BackendBadge, BackendNotice, RecoveryNotice } from './components/BackendBadge';
import { HeaderMenu } from './components/HeaderMenu';
import { LanguageSwitch } from './components/LanguageSwitch';
import { LessonBar } from './components/Lesson';
import { ModelPicker, ModelStatus } from './components/ModelPicker';
import { NextTokens } from './components/NextTokens';
import { OfflineStatus } from './components/OfflineStatus';
import { useShown } from './components/Panel';
import { PresenterToggle, ShortcutHelp, usePresenter } from './components/Presenter';
import { PromptBox } from './components/PromptBox';
import { CopyLink, LinkNotice } from './components/ShareLink';
import { TokenStrip } from './components/TokenStrip';
import { Tour, useTour } from './components/Tour';
import { ViewBoundary } from './components/ViewBoundary';
import { shownView, visibleViews } from './state/lesson';
import type { ViewId } from './state/slices/core';
import { useAppStore } from './state/store';
import './layout.css';

const VIEW_COMPONENTS: Record<ViewId, React.LazyExoticComponent<() => React.JSX.Element>> = {
  attention: lazy(() => import('./views/attention/AttentionView')),
  drift: lazy(() => import('./views/drift/DriftView')),
  sampling: lazy(() => import('./views/sampling/SamplingView')),
  prompting: lazy(() => import('./views/prompting/PromptingView')),
  training: lazy(() => import('./views/training/TrainingView')),
};

export function App({ engine }: { engine: EngineHandle }) {
  const { t } = useTranslation();
  const hidden = useAppStore((s) => s.ui.hidden);
  const view = useAppStore((s) => shownView(s.ui.hidden, s.view.current));
  const update = useAppStore((s) => s.update);
  const views = visibleViews(hidden);
  const tour = useTour();
  const { presenter, setPresenter, help, setHelp } = usePresenter(
    (i) => {
      const next = visibleViews(useAppStore.getState().ui.hidden)[i];
      if (!next) return;
      update('view', { current: next });
      // A shortcut is for the room: bring the view itself on screen, not just its tab (no jump when it already is).
      requestAnimationFrame(() => document.querySelector('.view-tabs')?.scrollIntoView({ block: 'nearest' }));
    },
    () => {
      // Not while the tour runs: restarting would forget the view to return to.
      if (tour.step === null) tour.start();
    },
  );
  const showModel = useShown('shell.model');
  const showPrompt = useShown('shell.prompt');
  const showShare = useShown('shell.share');
  const retry = () => {
    void engine.selectModel(useAppStore.getState().model.id).catch(() => {});
  };
  const showTokens = useShown('shell.tokens');
  const rail = showPrompt || showTokens;
  return (
    <EngineProvider value={engine}>
      <div className={`app${rail ? '' : ' no-rail'}`}>
        <header className="topbar">
          <h1>{t('app.title')}</h1>
          <div className="topbar-controls">
            {showModel ? <ModelPicker /> : null}
            {showShare ? <CopyLink /> : null}
            <BackendBadge />
            <LanguageSwitch />
            <PresenterToggle on={presenter} onToggle={() => setPresenter((v) => !v)} />
            <HeaderMenu
              onHelp={() => setHelp((v) => !v)}
              onTour={tour.start}
              presenter={presenter}
              onPresenter={() => setPresenter((v) => !v)}
            />
          </div>
        </header>
        <ShortcutHelp open={help} views={views} onClose={() => setHelp(false)} />
        <Tour {...tour} />
        <BackendNotice />
        <RecoveryNotice />
        <LinkNotice />
        <LessonBar />
        <OfflineStatus />
        {/* The view is the page: the text sits above its tokens and next token in a rail beside the view (on narrow
            screens the text comes first, then the view, then the tokens). */}
        <main className="workspace">
          <div className="rail-prompt">
            {/* The text and the heads switched off stay together (on phones this rail is one grid cell). */}
            <div className="rail-prompt-main">
              {showPrompt ? <PromptBox /> : null}
              <AblationNotice />
            </div>
            <ModelStatus onRetry={retry} />
          </div>
          <Tabs.Root className="views" value={view} onValueChange={(v) => update('view', { current: v as ViewId })}>
            <Tabs.List className="view-tabs" aria-label={t('views.label')}>
              {views.map((v) => (
                <Tabs.Trigger key={v} value={v} className="view-tab" data-testid={`tab-${v}`}>
                  {t(`views.${v}`)}
                </Tabs.Trigger>
              ))}
            </Tabs.List>
            {views.map((v) => {
              const View = VIEW_COMPONENTS[v];
              return (
                <Tabs.Content key={v} value={v} className="view-panel">
                  <ViewBoundary name={v}>
                    <Suspense fallback={<p className="muted">{t('views.loading')}</p>}>{view === v ? <View /> : null}</Suspense>
                  </ViewBoundary>
                </Tabs.Content>
              );
            })}
          </Tabs.Root>
          <aside className="rail-context first-screen" aria-label={t('layout.rail')}>
            <TokenStrip />
            <NextTokens />
          </aside>
        </main>
        <footer className="tagline">{t('app.tagline')}</footer>
      </div>
    </EngineProvider>
  );
}
