import type { Page } from '@playwright/test';

/** A view's main figure: the nth element matching the selector inside the open view. */
export interface ViewFigure {
  name: string;
  selector: string;
  nth?: number;
}

export interface FigureBox {
  name: string;
  /** Top edge in CSS px from the top of the window, with the page scrolled to the top. */
  top: number;
  /** Share of the figure's height inside the first viewport (0–1). */
  visible: number;
  /** Left and right edges inside the window. */
  inside: boolean;
}

export interface FirstScreen {
  view: string;
  lang: string;
  size: string;
  viewportWidth: number;
  /** document.documentElement.scrollWidth: wider than the viewport means sideways scrolling. */
  docWidth: number;
  figures: FigureBox[];
  /** Rows the header's items occupy. */
  headerRows: number;
  /** Rows the view tabs occupy. */
  tabRows: number;
  tabsTop: number;
  /** The text box is entirely on the first screen. */
  promptOnScreen: boolean;
  /** Top of the tokens / next-token panels. */
  railTop: number;
  /** Room between the window's edges and the page's content. */
  padding: { left: number; right: number };
}

/** Measures the first screen of the open view (the page scrolled to the top). */
export async function measure(page: Page, view: string, lang: string, figures: ViewFigure[]): Promise<FirstScreen> {
  return page.evaluate(
    ({ view, lang, figures }) => {
      const vw = window.innerWidth;
      const vh = window.innerHeight;
      const rect = (el: Element | null) => el?.getBoundingClientRect() ?? null;
      const shown = (el: Element) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
      };
      /** How many rows boxes fill: a box starts a new row when it begins below the current row. */
      const rows = (els: Element[]) => {
        const boxes = els
          .filter(shown)
          .map((e) => e.getBoundingClientRect())
          .sort((a, b) => a.top - b.top);
        let n = 0;
        let bottom = Number.NEGATIVE_INFINITY;
        for (const b of boxes) {
          if (b.top >= bottom - 2) {
            n++;
            bottom = b.bottom;
          } else bottom = Math.max(bottom, b.bottom);
        }
        return n;
      };
      const active = document.querySelector('.view-panel[data-state="active"]');
      const figureBoxes = figures.map((f) => {
        const el = active?.querySelectorAll(f.selector)[f.nth ?? 0] ?? null;
        const r = rect(el);
        if (!r || r.height === 0) return { name: `${f.name} (missing)`, top: 1e9, visible: 0, inside: false };
        const visible = Math.max(0, Math.min(r.bottom, vh) - Math.max(r.top, 0)) / r.height;
        return {
          name: f.name,
          top: Math.round(r.top),
          visible: Math.round(visible * 1000) / 1000,
          inside: r.left >= -0.5 && r.right <= vw + 0.5,
        };
      });
      const header = document.querySelector('.topbar');
      const headerItems = header ? [header.querySelector('h1'), ...Array.from(header.querySelectorAll('.topbar-controls > *'))] : [];
      const prompt = rect(document.querySelector('[data-testid="prompt-input"]'));
      const content = Array.from(document.querySelectorAll('.topbar, .workspace, [data-panel]:not(.panel-bare)')).filter(shown);
      const lefts = content.map((e) => e.getBoundingClientRect().left);
      const rights = content.map((e) => e.getBoundingClientRect().right);
      return {
        view,
        lang,
        size: `${vw}×${vh}`,
        viewportWidth: vw,
        docWidth: document.documentElement.scrollWidth,
        figures: figureBoxes,
        headerRows: rows(headerItems.filter((e): e is Element => !!e)),
        tabRows: rows(Array.from(document.querySelectorAll('.view-tab'))),
        tabsTop: Math.round(rect(document.querySelector('.view-tabs'))?.top ?? 1e9),
        promptOnScreen: !!prompt && prompt.top >= 0 && prompt.bottom <= vh,
        railTop: Math.round(rect(document.querySelector('.rail-context'))?.top ?? 1e9),
        padding: { left: Math.round(Math.min(...lefts)), right: Math.round(vw - Math.max(...rights)) },
      };
    },
    { view, lang, figures },
  );
}
