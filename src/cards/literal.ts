import { stripInvisible } from '../domain/free-text.js';

/**
 * Adaptive Cards parse TextBlock text and FactSet titles and values as markdown (Teams and the
 * Playground alike). Nothing this bot shows is meant as markdown, and much of it is what people
 * typed, so every such text is made literal here, once, when a card is rendered:
 * - characters nobody can see (bidi controls, zero-width) are removed;
 * - inline markup is backslash-escaped wherever it stands: `\ * _ ~ \` [ ] < &` (emphasis, code,
 *   links and images, autolinks, entities such as `&#x202E;`);
 * - a line that starts like a block (`1.` / `1)` list, `-` `+` list, `#` heading, `>` quote,
 *   `=` underline) gets its marker escaped: "1. des. 2026" becomes "1\. des. 2026", which the card
 *   shows as "1. des. 2026" instead of a numbered list item;
 * - spaces and tabs that start a line become no-break spaces (four columns of indentation would make
 *   a code block);
 * - a line break becomes a paragraph break: markdown shows a single line break as a space, so the
 *   lines of "1. møte\n2. møte" would run together into one ("\r\n" and "\r" count as one break,
 *   and a run of breaks is one paragraph break, which is all a card can show of blank lines).
 */
export function literal(text: string): string {
  return stripInvisible(text)
    .replace(/\r\n?/g, '\n')
    .replace(/[\\`*_~[\]<&]/g, '\\$&')
    .replace(/^([ \t]*)(\d{1,9})([.)])/gm, '$1$2\\$3')
    .replace(/^([ \t]*)([-+#>=])/gm, '$1\\$2')
    .replace(/^[ \t]+/gm, (lead) => '\u00a0'.repeat(lead.length))
    .replace(/\n+/g, '\n\n');
}

/** Makes every markdown-parsed text of an expanded card literal (see {@link literal}), in place. */
export function literalCard<T>(node: T): T {
  if (Array.isArray(node)) {
    for (const n of node) literalCard(n);
  } else if (node && typeof node === 'object') {
    const n = node as Record<string, unknown>;
    if (n.type === 'TextBlock' && typeof n.text === 'string') n.text = literal(n.text);
    if (n.type === 'FactSet' && Array.isArray(n.facts)) {
      for (const f of n.facts as Record<string, unknown>[]) {
        if (typeof f.title === 'string') f.title = literal(f.title);
        if (typeof f.value === 'string') f.value = literal(f.value);
      }
    }
    for (const v of Object.values(n)) if (v && typeof v === 'object') literalCard(v);
  }
  return node;
}

/**
 * What a person reads from literal card text: the escapes removed, a paragraph break read as a line
 * break and a single line break (which markdown shows as a space) as a space.
 */
export function unescapeLiteral(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.replace(/\n/g, ' '))
    .join('\n')
    .replace(/\\([\\`*_~[\]<&.)\-+#>=])/g, '$1')
    .replace(/^\u00a0+/gm, (lead) => ' '.repeat(lead.length));
}
