/** Draws layout shapes on any CanvasRenderingContext2D-like context (weapp 2d canvas or DOM). */
import type { Shape } from './shapes';

/** The part of the 2d context API we use (identical in weapp's 2d canvas and browsers). */
export interface Ctx2D {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  font: string;
  textAlign: string;
  textBaseline: string;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
  fillText(text: string, x: number, y: number): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  fill(): void;
  globalAlpha: number;
  setLineDash?(segments: number[]): void;
}

/** Clears the area and draws every shape in order. */
export function drawShapes(ctx: Ctx2D, shapes: Shape[], width: number, height: number): void {
  ctx.clearRect(0, 0, width, height);
  for (const s of shapes) {
    if (s.kind === 'rect') {
      ctx.fillStyle = s.color;
      ctx.fillRect(s.x, s.y, s.w, s.h);
    } else if (s.kind === 'line') {
      ctx.strokeStyle = s.color;
      ctx.lineWidth = s.width;
      ctx.setLineDash?.(s.dash ?? []);
      ctx.beginPath();
      s.points.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
      ctx.stroke();
    } else if (s.kind === 'dot') {
      ctx.globalAlpha = s.alpha ?? 1;
      ctx.fillStyle = s.color;
      ctx.beginPath();
      ctx.arc(s.x, s.y, s.r, 0, 2 * Math.PI);
      ctx.fill();
      ctx.globalAlpha = 1;
    } else {
      ctx.fillStyle = s.color;
      ctx.font = `${s.size}px sans-serif`;
      ctx.textAlign = s.align;
      ctx.textBaseline = s.baseline;
      ctx.fillText(s.text, s.x, s.y);
    }
  }
}
