/** Drawing primitives the layouts emit and the canvas renderer draws, nothing else. */

/** A filled rectangle. */
export interface RectShape {
  kind: 'rect';
  x: number;
  y: number;
  w: number;
  h: number;
  color: string;
}

/** A stroked polyline. */
export interface LineShape {
  kind: 'line';
  points: Array<[number, number]>;
  color: string;
  width: number;
  dash?: number[];
}

/** A text label. */
export interface TextShape {
  kind: 'text';
  x: number;
  y: number;
  text: string;
  color: string;
  size: number;
  align: 'left' | 'center' | 'right';
  baseline: 'top' | 'middle' | 'bottom';
}

/** A filled circle (scatter points). */
export interface DotShape {
  kind: 'dot';
  x: number;
  y: number;
  r: number;
  color: string;
  /** 0..1; overlapping points read as density */
  alpha?: number;
}

/** Anything a chart is made of. */
export type Shape = RectShape | LineShape | TextShape | DotShape;

/** Series colours (distinguishable, print-safe). */
export const PALETTE = [
  '#e4393c',
  '#1f77b4',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#7f7f7f',
  '#bcbd22',
];

/** Plot area inside a chart of `width`×`height` with room for axis labels. */
export interface Frame {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The default frame: left room for y labels, bottom room for x labels. */
export function frame(
  width: number,
  height: number,
  m = { left: 44, top: 12, right: 12, bottom: 28 },
): Frame {
  return {
    left: m.left,
    top: m.top,
    right: Math.max(m.left + 1, width - m.right),
    bottom: Math.max(m.top + 1, height - m.bottom),
  };
}

/**
 * Horizontal grid lines at `ticks` with their labels left of the plot; the zero line may stand
 * out (bars grow from it).
 */
export function yGrid(
  f: Frame,
  ticks: number[],
  y: (v: number) => number,
  format: (t: number) => string,
  zeroColor = '#eee',
): Shape[] {
  return ticks.flatMap((t): Shape[] => [
    {
      kind: 'line',
      points: [
        [f.left, y(t)],
        [f.right, y(t)],
      ],
      color: t === 0 ? zeroColor : '#eee',
      width: 1,
    },
    {
      kind: 'text',
      x: f.left - 4,
      y: y(t),
      text: format(t),
      color: '#666',
      size: 10,
      align: 'right',
      baseline: 'middle',
    },
  ]);
}
