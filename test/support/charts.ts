import { cardText } from './teams-client.js';

type Node = Record<string, any>;

/** The chart element types Teams renders in 1.5 cards (and the Agents Playground 0.2.28 with them). */
export const CHART_TYPES = [
  'Chart.Donut',
  'Chart.Pie',
  'Chart.VerticalBar',
  'Chart.VerticalBar.Grouped',
  'Chart.HorizontalBar',
  'Chart.HorizontalBar.Stacked',
  'Chart.Line',
  'Chart.Gauge',
] as const;

/** Every chart element of a card, in order. */
export function chartsIn(card: unknown): Node[] {
  const out: Node[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    if (typeof n.type === 'string' && n.type.startsWith('Chart.')) out.push(n);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

/** What a client without charts shows in a chart's place, as a person reads it. */
export function fallbackText(chart: Node): string {
  return cardText({ type: 'Container', items: [chart.fallback] });
}

/** The labels of a chart's slices or bars (a donut's legend, a bar chart's x labels). */
export function chartLabels(chart: Node): string[] {
  return (chart.data ?? []).map((d: Node) => d.legend ?? d.x);
}

/** The numbers a chart draws. */
export function chartValues(chart: Node): number[] {
  return (chart.data ?? []).map((d: Node) => d.value ?? d.y);
}
