import { useTranslation } from 'react-i18next';
import { formatPercent } from '../../analysis/probability';
import { shownToken } from '../../model/textTokenizer';
import { displayPiece } from '../../model/tokenizer';
import type { SentenceRun } from './useDriftRuns';

export interface LensRow {
  index: number;
  sense: string;
  colour: string;
  run: SentenceRun;
}

/** The sentence around the target token, the target marked. */
export function Context({ run, causal }: { run: SentenceRun; causal: boolean }) {
  const { t } = useTranslation();
  const i = run.target.index;
  // Word pieces (##…) are glued to the piece before them, as the tokenizer cut them.
  const show = (a: number, b: number) =>
    run.tokens
      .slice(Math.max(0, a), b)
      .map((tok, k) => {
        // GPT-2 tokens carry their own space (shown ␣ alone); WordPiece pieces (##…) glue to the piece before them.
        const s = shownToken(tok);
        if (s.startsWith('␣')) return ` ${s.slice(1)}`;
        return (k > 0 && tok.piece.startsWith('##')) || (k > 0 && tok.display !== undefined && !/^[␣\s]/.test(s) && tok.split)
          ? s
          : ` ${s}`;
      })
      .join('')
      .trim();
  const from = Math.max(0, i - 5);
  return (
    <span className="lens-context">
      {from > 0 ? '… ' : ''}
      {show(from, i)} <mark>{run.tokens[i] ? shownToken(run.tokens[i]) : ''}</mark>{' '}
      <span className={causal ? 'unseen' : undefined} title={causal ? t('drift.unseen') : undefined}>
        {show(i + 1, i + 5)}
        {i + 5 < run.tokens.length ? ' …' : ''}
      </span>
    </span>
  );
}

/** Logit lens: the top vocabulary tokens of each sentence's vector at one layer. */
export function LensTable({
  rows,
  layer,
  causal,
  focus,
  onFocus,
}: {
  rows: LensRow[];
  layer: number;
  causal: boolean;
  focus: number | null;
  onFocus: (index: number | null) => void;
}) {
  const { t } = useTranslation();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="lens-scroll" tabIndex={0} aria-label={t('drift.lensRegion', { layer })}>
      <table className="lens-table" data-testid="drift-lens" data-layer={layer}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('drift.lensSentence')}</th>
            <th scope="col">{t('drift.lensTop')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.index}
              className={focus === r.index ? 'focus' : undefined}
              onMouseEnter={() => onFocus(r.index)}
              onMouseLeave={() => onFocus(null)}
            >
              <td>
                <span className="sense-dot" style={{ background: r.colour }} title={r.sense} />
                {r.index + 1}
              </td>
              <td>
                <Context run={r.run} causal={causal} />
              </td>
              <td className="lens-tokens">
                {(r.run.lens?.[layer] ?? []).map((e) => (
                  <span key={e.id} className="lens-token" title={formatPercent(e.p)}>
                    {displayPiece(e.piece)} <small>{formatPercent(e.p)}</small>
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
