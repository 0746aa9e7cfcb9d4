import { stripInvisible } from '../domain/free-text.js';

/**
 * Chart data for the card templates (`Chart.Donut`, `Chart.VerticalBar`, `Chart.HorizontalBar`,
 * Teams cards 1.5). A chart never carries meaning by colour alone: every legend or bar label says
 * its number ("Vedtak fattet: 3"), the title says what is counted, and the template's `fallback`
 * shows the same numbers as text where charts are not rendered.
 */

/** Named colours Teams and the Playground know for chart data (`ChartColor`). */
export type ChartColor =
  'good' | 'warning' | 'attention' | 'neutral' | 'categoricalBlue' | 'categoricalLightBlue' | 'categoricalTeal' | 'categoricalMarigold' | 'categoricalPurple';

/** One slice or bar: `label` names it with its number, `value` is the number, `name` and `text` are the fallback's fact. */
export interface ChartPoint {
  label: string;
  value: number;
  color: ChartColor;
  name: string;
  text: string;
}

export interface ChartVm {
  /** Shown above the chart and read out as its name: what is counted, and how many in all. */
  title: string;
  points: ChartPoint[];
  /** The chart is drawn only when there is something to draw. */
  show: boolean;
}

/**
 * A bar chart of Teams' renderer takes at most 4 values (the Playground rejects the whole card with
 * more), and none without a value.
 */
export const MAX_BARS = 4;

/** A chart's view model; a bar chart with more than {@link MAX_BARS} points is a programming error. */
export function chartVm(title: string, points: ChartPoint[], bars = false): ChartVm {
  if (bars && points.length > MAX_BARS) throw new Error(`a bar chart takes at most ${MAX_BARS} values, not ${points.length}`);
  return { title, points, show: points.some((p) => p.value > 0) };
}

/** A label the chart shows as plain text (no markdown there): invisible characters removed, capped at `max`. */
export function chartLabel(text: string, max = 40): string {
  const clean = stripInvisible(text).replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1).trimEnd()}…` : clean;
}
