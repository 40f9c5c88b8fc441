/**
 * No user-visible string outside the translation files: every .tsx file is
 * parsed with the TypeScript compiler and its JSX text, its user-facing
 * attributes (aria-label, title, placeholder, alt…) and the string literals a
 * JSX expression renders must contain no words. Symbols, numbers and a few
 * technical names that are the same in every language are allowed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const VISIBLE_ATTRS = new Set(['aria-label', 'aria-valuetext', 'aria-description', 'title', 'placeholder', 'alt', 'label']);
/** Names that are written the same in English and Chinese (special tokens, maths symbols). */
const TECHNICAL = new Set(['[UNK]', '[MASK]', 'Esc']);

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsxFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const hasWords = (s: string) => /\p{L}{2,}/u.test(s) && !TECHNICAL.has(s.trim());

/** String literals an expression can evaluate to (through ?:, ||, ??, parentheses). */
function rendered(e: ts.Expression): ts.StringLiteralLike[] {
  if (ts.isStringLiteralLike(e)) return [e];
  if (ts.isParenthesizedExpression(e)) return rendered(e.expression);
  if (ts.isConditionalExpression(e)) return [...rendered(e.whenTrue), ...rendered(e.whenFalse)];
  if (
    ts.isBinaryExpression(e) &&
    [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(e.operatorToken.kind)
  )
    return [...rendered(e.left), ...rendered(e.right)];
  if (ts.isTemplateExpression(e)) {
    const parts = [e.head.text, ...e.templateSpans.map((s) => s.literal.text)].join(' ');
    return hasWords(parts) ? [ts.factory.createStringLiteral(parts)] : [];
  }
  return [];
}

function findHardCoded(file: string, text = readFileSync(file, 'utf8')): string[] {
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const where = (n: ts.Node) => `${relative(ROOT, file)}:${src.getLineAndCharacterOfPosition(n.getStart(src)).line + 1}`;
  const visit = (n: ts.Node) => {
    if (ts.isJsxText(n) && hasWords(n.text)) found.push(`${where(n)} text "${n.text.trim()}"`);
    if (ts.isJsxAttribute(n)) {
      const name = n.name.getText(src);
      const init = n.initializer;
      if (VISIBLE_ATTRS.has(name) && init) {
        const lits = ts.isStringLiteral(init) ? [init] : ts.isJsxExpression(init) && init.expression ? rendered(init.expression) : [];
        for (const l of lits) if (hasWords(l.text)) found.push(`${where(n)} ${name}="${l.text}"`);
      }
      return; // other attributes (className, data-*, ids) are not shown
    }
    // d3 and DOM code: selection.text('…'), .attr('aria-label' | 'title', '…'), el.textContent = '…'.
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const m = n.expression.name.text;
      const [a, b] = n.arguments;
      const shown = m === 'text' ? a : m === 'attr' && a && ts.isStringLiteral(a) && VISIBLE_ATTRS.has(a.text) ? b : undefined;
      if (shown) for (const l of rendered(shown)) if (hasWords(l.text)) found.push(`${where(n)} .${m}("${l.text}")`);
    }
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(n.left) &&
      ['textContent', 'innerText', 'title'].includes(n.left.name.text)
    )
      for (const l of rendered(n.right)) if (hasWords(l.text)) found.push(`${where(n)} ${n.left.name.text} = "${l.text}"`);
    if (ts.isJsxExpression(n) && n.expression && (ts.isJsxElement(n.parent) || ts.isJsxFragment(n.parent)))
      for (const l of rendered(n.expression)) if (hasWords(l.text)) found.push(`${where(n)} literal "${l.text}"`);
    ts.forEachChild(n, visit);
  };
  visit(src);
  return found;
}

describe('no hard-coded user-visible strings', () => {
  it('finds them where they are (the check itself works)', () => {
    const bad = `const A = () => <div title="Hello there"><p>Some words</p>{ok ? 'Plain text' : null}<b aria-label={x || "Name here"} className="not-shown" /></div>;
      g.append('text').text('layer axis'); svg.attr('aria-label', 'A chart'); el.textContent = 'Loading';`;
    expect(findHardCoded(join(ROOT, 'x.tsx'), bad)).toHaveLength(7);
    const good = `const A = () => <div title={t('a.b')} data-x="words are fine here"><p>{t('c')}</p> · 42 % {'[MASK]'}</div>;`;
    expect(findHardCoded(join(ROOT, 'x.tsx'), good)).toEqual([]);
  });

  it('every component, view and drawing file under src/ takes its words from the translation files', () => {
    const dirs = ['components', 'views', 'app'].map((d) => join(ROOT, d));
    const found = [join(ROOT, 'App.tsx'), join(ROOT, 'main.tsx'), ...dirs.flatMap(tsxFiles)].flatMap((f) => findHardCoded(f));
    expect(found).toEqual([]);
  });
});
