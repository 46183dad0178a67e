/**
 * Scatter layout (the segment map): points in data units, one colour per group, both axes on
 * the SAME scale so distances on screen are distances in the data (a map, not a stretched plot).
 * Axis titles say what each axis is; no tick labels — the units of a principal component mean
 * nothing to staff, only nearness does.
 */
import { linearScale } from './scale';
import { frame, PALETTE, type Shape } from './shapes';

/** Input of {@link layoutScatter}. */
export interface ScatterInput {
  width: number;
  height: number;
  points: Array<{ x: number; y: number; group: string }>;
  /** group → colour (others: the palette in order of first appearance) */
  colors?: Record<string, string>;
  xTitle?: string;
  yTitle?: string;
  /** dot radius in px */
  radius?: number;
}

/** Colour per group: given, else the palette in order of `groups`. */
export function groupColors(groups: string[], given: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(groups.map((g, i) => [g, given[g] ?? PALETTE[i % PALETTE.length]]));
}

/** Shapes of a scatter of `points`, equal scale on both axes, centred in the plot area. */
export function layoutScatter(input: ScatterInput): Shape[] {
  const { width, height, points } = input;
  const f = frame(width, height, { left: 24, top: 8, right: 8, bottom: 22 });
  const r = input.radius ?? 2.5;
  const out: Shape[] = [
    { kind: 'line', points: [[f.left, f.bottom], [f.right, f.bottom]], color: '#ccc', width: 1 },
    { kind: 'line', points: [[f.left, f.top], [f.left, f.bottom]], color: '#ccc', width: 1 },
  ];
  if (input.xTitle)
    out.push({ kind: 'text', x: (f.left + f.right) / 2, y: height - 4, text: input.xTitle, color: '#666', size: 10, align: 'center', baseline: 'bottom' });
  if (input.yTitle)
    out.push({ kind: 'text', x: 4, y: f.top, text: input.yTitle, color: '#666', size: 10, align: 'left', baseline: 'top' });
  if (!points.length) return out;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const pad = r + 2;
  const w = Math.max(1, f.right - f.left - 2 * pad);
  const h = Math.max(1, f.bottom - f.top - 2 * pad);
  // one px-per-unit for both axes: the tighter of the two fits
  const k = Math.min(w / Math.max(x1 - x0, 1e-9), h / Math.max(y1 - y0, 1e-9));
  const cx = (f.left + f.right) / 2;
  const cy = (f.top + f.bottom) / 2;
  const sx = linearScale([(x0 + x1) / 2 - 1, (x0 + x1) / 2 + 1], [cx - k, cx + k]);
  const sy = linearScale([(y0 + y1) / 2 - 1, (y0 + y1) / 2 + 1], [cy + k, cy - k]); // up is +y
  const colors = groupColors([...new Set(points.map((p) => p.group))], input.colors);
  const alpha = points.length > 600 ? 0.55 : 0.8;
  for (const p of points) out.push({ kind: 'dot', x: sx(p.x), y: sy(p.y), r, color: colors[p.group], alpha });
  return out;
}
