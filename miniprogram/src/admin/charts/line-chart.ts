/** Line chart layout: several series over shared x positions (e.g. segment shares per run). */
import { formatTick, linearScale, niceTicks } from './scale';
import { frame, PALETTE, yGrid, type Shape } from './shapes';

/** Input of {@link layoutLines}. */
export interface LineInput {
  width: number;
  height: number;
  /** Label per x position (e.g. run dates); at most ~6 are drawn. */
  xLabels: string[];
  series: Array<{ name: string; values: Array<number | null>; color?: string }>;
  /** Fixed y domain (e.g. [0, 1] for shares); default: nice ticks over the data. */
  yDomain?: [number, number];
  /** Dashed vertical lines at these x positions (e.g. where the model version changed), drawn under the series. */
  markers?: Array<{ index: number; color: string }>;
}

/** Shapes of a multi-series line chart; gaps (null) break a line. */
export function layoutLines(input: LineInput): Shape[] {
  const f = frame(input.width, input.height);
  const vals = input.series
    .flatMap((s) => s.values)
    .filter((v): v is number => v !== null && Number.isFinite(v));
  const ticks = input.yDomain
    ? niceTicks(input.yDomain[0], input.yDomain[1], 4)
    : niceTicks(Math.min(0, ...vals), Math.max(...vals, 0), 4);
  const y = linearScale([ticks[0], ticks[ticks.length - 1]], [f.bottom, f.top]);
  const n = input.xLabels.length;
  const x = linearScale(
    [0, Math.max(1, n - 1)],
    n <= 1 ? [(f.left + f.right) / 2, (f.left + f.right) / 2] : [f.left, f.right],
  );
  const shapes: Shape[] = yGrid(f, ticks, y, formatTick);
  const every = Math.max(1, Math.ceil(n / 6));
  input.xLabels.forEach((l, i) => {
    if (i % every === 0 || i === n - 1)
      shapes.push({
        kind: 'text',
        x: x(i),
        y: f.bottom + 4,
        text: l,
        color: '#333',
        size: 10,
        align: 'center',
        baseline: 'top',
      });
  });
  for (const m of input.markers ?? [])
    shapes.push({ kind: 'line', points: [[x(m.index), f.top], [x(m.index), f.bottom]], color: m.color, width: 1, dash: [4, 3] });
  input.series.forEach((s, j) => {
    const color = s.color ?? PALETTE[j % PALETTE.length];
    let run: Array<[number, number]> = [];
    const flush = (): void => {
      if (run.length === 1)
        shapes.push({ kind: 'rect', x: run[0][0] - 2, y: run[0][1] - 2, w: 4, h: 4, color });
      else if (run.length > 1) shapes.push({ kind: 'line', points: run, color, width: 2 });
      run = [];
    };
    s.values.forEach((v, i) => (v === null || !Number.isFinite(v) ? flush() : run.push([x(i), y(v)])));
    flush();
  });
  return shapes;
}

/** Legend rows (colour + name) for a chart's series. */
export function legend(
  series: Array<{ name: string; color?: string }>,
): Array<{ name: string; color: string }> {
  return series.map((s, j) => ({ name: s.name, color: s.color ?? PALETTE[j % PALETTE.length] }));
}

/**
 * The line under a trend chart of a single point — dots with no line, which read as a broken or
 * empty chart — saying why and when the next point comes (`next`); null from two points on.
 */
export function onePointNote(points: number, next: string): string | null {
  return points === 1 ? `目前只有 1 个时间点，还连不成趋势：${next}` : null;
}
