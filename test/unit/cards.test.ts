import { describe, it, expect } from 'vitest';
import { templateNames } from '../../src/cards/templates.js';
import * as cards from '../../src/cards/render.js';
import { ALL_VERBS } from '../../src/cards/verbs.js';
import { call, deps, samples, variants } from '../support/card-samples.js';
import { translator } from '../../src/i18n/index.js';
import type { AdaptiveCard } from '../../src/cards/templates.js';
import * as needCards from '../../src/cards/needs.js';
import * as callViews from '../../src/features/calls/views.js';
import * as callQueries from '../../src/features/calls/queries.js';
import { formatDate } from '../../src/i18n/index.js';
import { literal, unescapeLiteral } from '../../src/cards/literal.js';
import { liveMarkdown, markdownProblems, renderedElements } from '../support/markdown.js';
import MarkdownIt from 'markdown-it';
import { CHART_TYPES } from '../support/charts.js';
import { cardText } from '../support/teams-client.js';

const tr = translator('nb');
const t = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, k.toUpperCase()])) as never;

/** Card elements this bot uses that Teams (and the Agents Playground) render, charts included (Teams, card version 1.5). */
const KNOWN_ELEMENTS = [
  'TextBlock',
  'FactSet',
  'Container',
  'ColumnSet',
  'Column',
  'ActionSet',
  'Image',
  'Input.Text',
  'Input.Date',
  'Input.Time',
  'Input.Number',
  'Input.ChoiceSet',
  'Input.Toggle',
  ...CHART_TYPES,
];
/** The chart colours Teams knows by name (`ChartColor`); a name it does not know breaks the chart. */
const CHART_COLORS = [
  'good',
  'warning',
  'attention',
  'neutral',
  'categoricalRed',
  'categoricalPurple',
  'categoricalLavender',
  'categoricalBlue',
  'categoricalLightBlue',
  'categoricalTeal',
  'categoricalGreen',
  'categoricalLime',
  'categoricalMarigold',
];

function walk(node: unknown, visit: (n: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    Object.values(node).forEach((n) => walk(n, visit));
  }
}

describe('card templates', () => {
  it('every template in cards/ has a sample here', () => {
    expect(templateNames().sort()).toEqual(Object.keys(samples).sort());
  });

  it.each(Object.entries(samples))('%s binds completely, uses known verbs and labels every input', (_name, card) => {
    const json = JSON.stringify(card);
    expect(json).not.toContain('${');
    expect(card.version).toBe('1.5');
    walk(card, (n) => {
      if (n.type === 'Action.Execute') expect(ALL_VERBS).toContain(n.verb);
      if (typeof n.type === 'string' && n.type.startsWith('Input.')) {
        expect(typeof n.label === 'string' && n.label.length > 0, `${String(n.id)} has a label`).toBe(true);
        if (n.isRequired) expect(typeof n.errorMessage === 'string' && n.errorMessage.length > 0).toBe(true);
      }
      if (n.type === 'Image') expect(n.altText).toBeTruthy();
    });
  });

  it.each(Object.entries({ ...samples, ...variants }))(
    '%s uses only elements Teams renders in 1.5 cards, charts with a title, numbers and a text fallback',
    (_name, card) => {
      walk(card, (n) => {
        if (typeof n.type !== 'string' || n.type.startsWith('Action.') || n.type === 'AdaptiveCard') return;
        expect(KNOWN_ELEMENTS, `element ${n.type}`).toContain(n.type);
        if (!n.type.startsWith('Chart.')) return;
        const data = n.data as Record<string, unknown>[];
        expect(typeof n.title === 'string' && n.title.length > 0, `${n.type} has a title (its name for a screen reader)`).toBe(true);
        expect(data.length, `${n.type} has data`).toBeGreaterThan(0);
        // the Playground refuses the whole card for a bar chart of more than four values
        if (n.type.includes('Bar')) expect(data.length, `${n.type} has at most 4 values`).toBeLessThanOrEqual(4);
        const values = data.map((d) => d.value ?? d.y);
        expect(values.every((v) => typeof v === 'number')).toBe(true);
        const labels = data.map((d) => String(d.legend ?? d.x));
        for (const [i, label] of labels.entries()) expect(label, 'the label says its number: colour is not the only carrier').toContain(String(values[i]));
        for (const d of data) if (d.color !== undefined) expect(CHART_COLORS).toContain(d.color);
        const fallback = cardText({ type: 'Container', items: [n.fallback] });
        expect(fallback, `${n.type} has a text fallback with every number it draws`).not.toBe('');
        for (const v of values) expect(fallback).toContain(String(v));
      });
    },
  );

  it.each(Object.entries(samples))('%s leaves no text to markdown', (_name, card) => {
    expect(liveMarkdown(card)).toEqual([]);
  });

  it('shows a date at the start of a text, and every history line, literally (not as a numbered list)', () => {
    const date = formatDate('nb', '2026-12-01T20:14:00Z');
    expect(date).toMatch(/^1\. des\. 2026/);
    const card = needCards.needCard({
      id: 'n1',
      back: null,
      title: 'T',
      banner: '',
      problem: '',
      description: 'D',
      pico: [],
      showSimilar: false,
      similar: [],
      transitions: [],
      canEdit: false,
      canWithdraw: false,
      canUnlink: false,
      t: t(['pico', 'similar', 'noSimilar', 'history', 'actions', 'noteLabel', 'notePlaceholder', 'edit', 'withdraw', 'unlink', 'open']),
      facts: [{ label: 'Registrert', value: date }],
      history: [`${date}: meldt inn av Kari`],
    });
    expect(liveMarkdown(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toContain('"value":"1\\\\. des. 2026');
    expect(json).toContain('"text":"• 1. des. 2026');
  });

  it('renders hostile text literally: no link, image, heading, list, emphasis, entity or invisible character survives', () => {
    const hostile = [
      '[Logg inn her](https://evil.example/login)',
      '[x](javascript:alert(1))',
      '![x](https://evil.example/p.png)',
      '# Overskrift',
      '## H2',
      '- punkt',
      '+ punkt',
      '* punkt',
      '1. punkt',
      '12) punkt',
      '> sitat',
      '**fet** _kursiv_ ~~borte~~ `kode`',
      '<https://evil.example>',
      '&#x202E;gnp.exe',
      'a\u202Eb\u2066c\u200Bd\uFEFFe\u200Ff',
      'linje 1\n2. linje\n  - innrykk',
      '\\[ikke lenke]',
      '===',
      'tekst\n---',
    ];
    for (const text of hostile) {
      const card = cards.factsCard({ title: text, subtitle: text, facts: [{ label: text, value: text }] });
      expect(liveMarkdown(card), text).toEqual([]);
      expect(markdownProblems(literal(text))).toEqual([]);
      expect(unescapeLiteral(literal(text))).toBe(text.replace(/[\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g, ''));
    }
  });

  it('looks right in the Playground: its markdown parser shows a date and hostile text as plain paragraphs of the same text', () => {
    const md = new MarkdownIt();
    expect(renderedElements('1. des. 2026, 21:14')).toEqual(['ol', 'li']); // the bug, without escaping
    expect(md.render(literal('1. des. 2026, 21:14'))).toBe('<p>1. des. 2026, 21:14</p>\n');
    expect(md.render(literal('[Logg inn her](https://evil.example/login) ![x](https://evil.example/p.png)'))).toBe(
      '<p>[Logg inn her](https://evil.example/login) ![x](https://evil.example/p.png)</p>\n',
    );
    expect(md.render(literal('**fet** _kursiv_ ~~borte~~ `kode` <https://evil.example> &#x202E;'))).toBe(
      '<p>**fet** _kursiv_ ~~borte~~ `kode` &lt;https://evil.example&gt; &amp;#x202E;</p>\n',
    );
    // each line its own paragraph: a single line break is a space in markdown, so the lines would run together
    expect(md.render('1. møte\n2. møte')).toBe('<ol>\n<li>møte</li>\n<li>møte</li>\n</ol>\n'); // the bug, without escaping
    expect(md.render(literal('Slik:\n1. møte\n2. møte'))).toBe('<p>Slik:</p>\n<p>1. møte</p>\n<p>2. møte</p>\n');
    expect(md.render(literal('# H\n- a\r\n2) b\r> c\n\n\nd'))).toBe('<p># H</p>\n<p>- a</p>\n<p>2) b</p>\n<p>&gt; c</p>\n<p>d</p>\n');
  });

  it('rendering does not change the template (two renders with different data differ only in data)', () => {
    const a = cards.noticeCard('A', 'a');
    const b = cards.noticeCard('B', '');
    expect(JSON.stringify(a)).toContain('"A"');
    expect(JSON.stringify(b)).not.toContain('"A"');
    expect((b.body as unknown[]).length).toBe(1);
  });

  it('previews a call exactly as recipients see it, plus the send buttons', async () => {
    const preview = callViews.previewView(
      await callQueries.previewVm(deps, { ...call, status: 'draft', municipalities: [] }, { municipalities: 17, reachable: 3, notInstalled: 14 }),
      tr,
      'nb',
    );
    const recipient = callViews.recipientCallView(
      await callQueries.recipientCallVm(deps, call, { municipality: '4005', isContact: true, personId: 'x' }),
      tr,
      'nb',
    );
    const titles = (c: AdaptiveCard) => JSON.stringify(c).match(/"title":"[^"]*"/g);
    expect(titles(preview)).toEqual(expect.arrayContaining(titles(recipient)!.filter((t) => !t.includes('UT-'))));
    expect(JSON.stringify(preview)).toContain('Send nå');
    expect(JSON.stringify(recipient)).not.toContain('Send nå');
  });

  it('binds action data objects as objects', () => {
    const actions = samples.confirm.actions as { data: unknown }[];
    expect(actions[0].data).toEqual({ id: 'x' });
  });
});
