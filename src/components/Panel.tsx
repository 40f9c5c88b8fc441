import { createElement, type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadJson, downloadPanelPng, downloadPanelSvg, downloadSvg, downloadSvgText } from '../lib/export';
import { isShown } from '../state/lesson';
import { useAppStore } from '../state/store';
import { Menu } from './Menu';

/** Whether the current lesson shows this panel or control (see state/lesson.ts). */
export function useShown(id: string): boolean {
  return useAppStore((s) => isShown(s.ui.hidden, id));
}

export interface ExportSpec {
  /** File name without extension. */
  name: string;
  /** The title the buttons' accessible names use ("Export <title> as PNG"). */
  title: string;
  /** The numbers behind the panel (activations, probabilities…), exported as JSON. Omitted for panels of text only. */
  data?: (() => unknown) | undefined;
  /** A vector chart to export as SVG instead of the whole panel (opens in slides and drawing programs); given the panel. */
  svg?: ((panel: HTMLElement) => SVGSVGElement | string | null) | undefined;
  /** Exports are off while the panel's numbers are not complete yet. */
  disabled?: boolean | undefined;
}

type Tag = 'section' | 'aside' | 'div' | 'details' | 'fieldset';

export interface PanelProps extends ExportSpec {
  /** Lesson id (state/lesson.ts): a lesson can hide the panel; also `data-panel` for tests. */
  id: string;
  as?: Tag | undefined;
  className?: string | undefined;
  children: ReactNode;
  [attr: `data-${string}`]: string | number | boolean | undefined;
  [attr: `aria-${string}`]: string | boolean | undefined;
  open?: boolean | undefined;
  disabledFieldset?: boolean | undefined;
  /** Groups panels of its own (no frame of its own). */
  bare?: boolean | undefined;
}

/**
 * A panel of a view: the same export control everywhere (PNG at presentation
 * resolution, SVG, JSON of the data behind it), hidden when a lesson hides it.
 */
export function Panel({
  id,
  as = 'section',
  className,
  children,
  name,
  title,
  data,
  svg,
  disabled,
  disabledFieldset,
  bare,
  ...attrs
}: PanelProps) {
  const shown = useShown(id);
  const ref = useRef<HTMLElement>(null);
  if (!shown) return null;
  const exportControl = <PanelExport key="export" target={ref} name={name} title={title} data={data} svg={svg} disabled={disabled} />;
  return createElement(
    as,
    {
      ...attrs,
      ref,
      className: [bare ? 'panel-bare' : 'panel', className].filter(Boolean).join(' '),
      'data-panel': id,
      disabled: as === 'fieldset' ? disabledFieldset : undefined,
    },
    ...(as === 'details' ? [] : [exportControl]),
    children,
    ...(as === 'details' ? [exportControl] : []),
  );
}

/**
 * The export control of a panel: one small "Export ▾" button at its top right that opens PNG, SVG and (where
 * the panel has numbers) JSON. It is the panel's first child, floated, so headings and rows flow around it.
 */
function PanelExport({ target, name, title, data, svg, disabled }: ExportSpec & { target: React.RefObject<HTMLElement | null> }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = (kind: string, job: () => Promise<void> | void) => async () => {
    setBusy(kind);
    setError(null);
    try {
      await job();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  const png = run('png', async () => {
    if (target.current) await downloadPanelPng(target.current, `${name}.png`);
  });
  const svgExport = run('svg', async () => {
    const panel = target.current;
    if (!panel) return;
    const chart = svg?.(panel);
    if (typeof chart === 'string') downloadSvgText(chart, `${name}.svg`);
    else if (chart) downloadSvg(chart, `${name}.svg`);
    else await downloadPanelSvg(panel, `${name}.svg`);
  });
  const json = run('json', () => {
    if (data) downloadJson(data(), `${name}.json`);
  });
  const item = (kind: 'png' | 'svg' | 'json', job: () => Promise<void>, close: () => void) => (
    <button
      type="button"
      data-testid={`export-${kind}`}
      aria-label={t(`export.${kind}`, { panel: title })}
      onClick={() => {
        close();
        void job();
      }}
    >
      <span className="menu-item-label">{t(`export.format.${kind}`)}</span>
      <span className="menu-item-hint" aria-hidden="true">
        {t(`export.hint.${kind}`)}
      </span>
    </button>
  );
  return (
    <div className="panel-export" data-export-skip="">
      <Menu
        testId="export-menu"
        label={busy ? t('export.working') : t('export.label')}
        ariaLabel={t('export.menu', { panel: title })}
        disabled={disabled || busy !== null}
      >
        {(close) => (
          <>
            {item('png', png, close)}
            {item('svg', svgExport, close)}
            {data ? item('json', json, close) : null}
          </>
        )}
      </Menu>
      {error ? (
        <span className="notice-error small panel-export-error" role="alert">
          {t('export.failed', { message: error })}
        </span>
      ) : null}
    </div>
  );
}
