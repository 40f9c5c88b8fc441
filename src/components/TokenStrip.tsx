import { useTranslation } from 'react-i18next';
import { shownToken } from '../model/textTokenizer';
import { useRuntime } from '../state/runtime';
import { Panel } from './Panel';

/** The tokens the model reads, with unknown characters and word pieces marked. */
export function TokenStrip() {
  const { t } = useTranslation();
  const forward = useRuntime((s) => s.forward);
  const model = useRuntime((s) => s.model);
  const error = useRuntime((s) => s.forwardError);
  if (error === 'empty')
    return (
      <p className="muted" data-testid="prompt-empty">
        {t('prompt.empty')}
      </p>
    );
  if (!forward) return null;
  const unknown = forward.tokens.some((tok) => tok.unknown);
  return (
    <Panel
      id="shell.tokens"
      aria-labelledby="tokens-h"
      name="tokens"
      title={t('tokens.heading')}
      data={() => ({
        model: forward.modelId,
        dropped: forward.dropped,
        tokens: forward.tokens.map((tok) => ({ id: tok.id, piece: tok.piece, text: tok.text, unknown: tok.unknown })),
      })}
    >
      <h2 id="tokens-h">{t('tokens.heading')}</h2>
      <p className="explain">{t('tokens.explain')}</p>
      {forward.dropped > 0 ? (
        <p className="notice" data-testid="prompt-dropped">
          {t('prompt.dropped', { count: forward.dropped, ctx: model?.config.contextLength ?? 0 })}
        </p>
      ) : null}
      <ol className="tokens">
        {forward.tokens.map((tok, i) => (
          <li
            key={i}
            className={`token${tok.unknown ? ' token-unknown' : ''}${tok.split ? ' token-split' : ''}`}
            data-testid="token"
            data-id={tok.id}
            data-unknown={tok.unknown ? 'true' : 'false'}
            title={tok.unknown ? `${tok.text} — ${t('tokens.unknownTitle')}` : tok.split ? t('tokens.splitTitle') : undefined}
          >
            <span className="token-text">{shownToken(tok)}</span>
            <span className="token-id">{tok.unknown ? '[UNK]' : tok.id}</span>
          </li>
        ))}
      </ol>
      {unknown ? <p className="muted">{t('prompt.unknown')}</p> : null}
    </Panel>
  );
}
