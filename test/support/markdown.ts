import MarkdownIt from 'markdown-it';

/** The parser the Agents Playground bundles (markdown-it, CommonMark preset: no HTML, no linkify). */
const md = new MarkdownIt();

/** HTML elements other than paragraphs that a text becomes in the Playground: links, images, lists, headings, emphasis… */
export function renderedElements(text: string): string[] {
  return [...md.render(text).matchAll(/<([a-z][a-z0-9]*)/g)].map((m) => m[1]).filter((t) => t !== 'p');
}

/**
 * What an Adaptive Card host would still read as markdown in a card's TextBlock texts and FactSet
 * titles and values: a block marker at the start of a line (`1.` `1)` `-` `+` `*` `#` `>` `=`),
 * an unescaped `[` `]` `*` `_` `~` `` ` `` `<` `&`, or an invisible bidi/zero-width character.
 * Independent of the code under test: it reads the card as a markdown parser would.
 */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/;

export function markdownProblems(text: string): string[] {
  const problems: string[] = [];
  if (INVISIBLE.test(text)) problems.push('invisible bidi/zero-width character');
  const elements = renderedElements(text);
  const softBreaks = md
    .parse(text, {})
    .flatMap((t) => t.children ?? [])
    .filter((t) => t.type === 'softbreak').length;
  if (softBreaks) problems.push(`a line break the Playground shows as a space in ${JSON.stringify(text.slice(0, 60))}`);
  if (elements.length) problems.push(`the Playground renders <${elements.join('>, <')}> from ${JSON.stringify(text.slice(0, 60))}`);
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(\d{1,9}[.)]|[-+*#>=])/.test(line)) problems.push(`line starts a markdown block: ${JSON.stringify(line.slice(0, 40))}`);
  }
  // an odd run of backslashes before a character escapes it; an even run (or none) leaves it live
  for (const m of text.matchAll(/(\\*)([[\]*_~`<&])/g)) {
    if (m[1].length % 2 === 0) problems.push(`live ${JSON.stringify(m[2])} in ${JSON.stringify(text.slice(Math.max(0, m.index! - 20), m.index! + 20))}`);
  }
  return problems;
}

/** Problems of every markdown-parsed text of a card, each with where it was found. */
export function liveMarkdown(card: unknown): string[] {
  const out: string[] = [];
  const walk = (n: any, path: string) => {
    if (Array.isArray(n)) return n.forEach((x, i) => walk(x, `${path}[${i}]`));
    if (!n || typeof n !== 'object') return;
    if (n.type === 'TextBlock' && typeof n.text === 'string') out.push(...markdownProblems(n.text).map((p) => `${path}.text: ${p}`));
    if (n.type === 'FactSet')
      for (const [i, f] of (n.facts ?? []).entries())
        for (const k of ['title', 'value']) if (typeof f[k] === 'string') out.push(...markdownProblems(f[k]).map((p) => `${path}.facts[${i}].${k}: ${p}`));
    for (const [k, v] of Object.entries(n)) if (v && typeof v === 'object') walk(v, `${path}.${k}`);
  };
  walk(card, '$');
  return out;
}
