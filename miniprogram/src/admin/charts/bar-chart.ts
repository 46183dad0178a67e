/**
 * Bar chart layout: one bar per category, or grouped bars (several series per category, e.g. a
 * segment's feature means against the population). Values ≥ 0 or mixed: the zero line is drawn.
 */
import { formatTick, linearScale, niceTicks } from './scale';
import { frame, PALETTE, yGrid, type Shape } from './shapes';

/** Input of {@link layoutBars}. */
export interface BarInput {
  width: number;
  height: number;
  labels: string[];
  /** One array per series, each as long as `labels`. */
  series: Array<{ name: string; values: number[]; color?: string }>;
  /** Show each value above its bar. */
  showValues?: boolean;
  /**
   * What the values count, put after each value label and tick (`人`, `%`): a single series has
   * no legend, so without it 11.1 above a bar reads as a count when it is a rate.
   */
  unit?: string;
}

/** Label font size (px). */
const LABEL_PX = 10;
/** Width of one character at `px`: CJK full width, Latin and digits about 0.6 of it. */
const charWidth = (c: string, px: number) => ((c.codePointAt(0) ?? 0) >= 0x2e80 ? px : px * 0.6);

/**
 * `s` cut with … to fit `maxPx` (a bin edge such as `100` or `5千+` fits where a long segment
 * name does not; counting characters alone cut `100` to `1…` on a phone).
 */
export function clipLabel(s: string, maxPx: number, px = LABEL_PX): string {
  const chars = [...s];
  const width = (cs: string[]) => cs.reduce((w, c) => w + charWidth(c, px), 0);
  if (width(chars) <= maxPx) return s;
  const room = Math.max(maxPx - charWidth('…', px), charWidth('中', px));
  let n = 0;
  while (n < chars.length - 1 && width(chars.slice(0, n + 1)) <= room) n++;
  return `${chars.slice(0, Math.max(1, n)).join('')}…`;
}

/** Where a name may break between lines: after its parts' separators (活跃买家·近期高消费). */
const BREAK_AFTER = new Set(['·', '/', '、', ' ']);

/**
 * `s` on at most two lines of `maxPx`, the second cut with … (clipLabel). One line cut short made
 * different names read the same: 「活跃买家·近期高消费」 and 「活跃买家·季度高消费」 both became
 * 「活跃买家·…」 under the 价值 page's bars. The first line breaks after a separator when one fits.
 */
export function wrapLabel(s: string, maxPx: number, px = LABEL_PX): string[] {
  const chars = [...s];
  const width = (cs: string[]) => cs.reduce((w, c) => w + charWidth(c, px), 0);
  if (width(chars) <= maxPx) return [s];
  let n = 0;
  while (n < chars.length && width(chars.slice(0, n + 1)) <= maxPx) n++;
  n = Math.max(1, n);
  let cut = n;
  for (let k = n; k >= 2; k--)
    if (BREAK_AFTER.has(chars[k - 1] as string)) {
      cut = k;
      break;
    }
  return [chars.slice(0, cut).join(''), clipLabel(chars.slice(cut).join(''), maxPx, px)];
}

/** Shapes of a (grouped) bar chart. */
export function layoutBars(input: BarInput): Shape[] {
  const f = frame(input.width, input.height);
  const all = input.series.flatMap((s) => s.values).filter(Number.isFinite);
  const ticks = niceTicks(Math.min(0, ...all), Math.max(0, ...all), 4);
  const y = linearScale([ticks[0], ticks[ticks.length - 1]], [f.bottom, f.top]);
  const unit = input.unit ?? '';
  const shapes: Shape[] = yGrid(f, ticks, y, (t) => `${formatTick(t)}${unit}`, '#999');
  const n = Math.max(1, input.labels.length);
  const slot = (f.right - f.left) / n;
  const groupW = slot * 0.7;
  const barW = groupW / Math.max(1, input.series.length);
  input.labels.forEach((label, i) => {
    const x0 = f.left + i * slot + (slot - groupW) / 2;
    input.series.forEach((s, j) => {
      const v = s.values[i];
      if (!Number.isFinite(v)) return;
      const top = Math.min(y(v), y(0));
      const h = Math.abs(y(v) - y(0));
      shapes.push({
        kind: 'rect',
        x: x0 + j * barW,
        y: top,
        w: Math.max(1, barW - 1),
        h,
        color: s.color ?? PALETTE[j % PALETTE.length],
      });
      if (input.showValues) {
        shapes.push({
          kind: 'text',
          x: x0 + j * barW + barW / 2,
          y: top - 2,
          text: `${formatTick(v)}${unit}`,
          color: '#333',
          size: 10,
          align: 'center',
          baseline: 'bottom',
        });
      }
    });
    // Two lines fit in the frame's bottom margin (28 px: 4 + 10 + 2 + 10).
    wrapLabel(label, slot - 2).forEach((text, line) =>
      shapes.push({
        kind: 'text',
        x: f.left + i * slot + slot / 2,
        y: f.bottom + 4 + line * (LABEL_PX + 2),
        text,
        color: '#333',
        size: LABEL_PX,
        align: 'center',
        baseline: 'top',
      }),
    );
  });
  return shapes;
}
