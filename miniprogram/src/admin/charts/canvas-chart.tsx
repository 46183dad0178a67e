/**
 * A chart drawn by us on a Taro `Canvas type="2d"`: no chart library in the package (the main
 * package must stay < 2 MB and mini-program chart libraries ship their own canvas shims), and the
 * same layout code runs in weapp and h5. Layout is pure (bar-chart.ts, line-chart.ts); this file
 * only finds the 2d context on each platform and draws.
 */
import { Canvas, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useMemo, useRef, useState } from 'react';
import { IS_H5 } from '../../platform';
import { drawShapes, type Ctx2D } from './draw';
import type { Shape } from './shapes';

let seq = 0;

/** Props: a layout function of (width, height), the height in px, an optional legend. */
export interface CanvasChartProps {
  layout: (width: number, height: number) => Shape[];
  height: number;
  legend?: Array<{ name: string; color: string }>;
  /** Accessible summary (also used by tests to find the chart). */
  label: string;
}

type CanvasNode = {
  width: number;
  height: number;
  getContext(kind: '2d'): Ctx2D & { scale(x: number, y: number): void };
};

function findCanvas(id: string, cb: (node: CanvasNode | null) => void): void {
  if (IS_H5) {
    const el = document.getElementById(id);
    cb((el?.tagName === 'CANVAS' ? el : el?.querySelector('canvas')) as unknown as CanvasNode | null);
    return;
  }
  Taro.createSelectorQuery()
    .select(`#${id}`)
    .fields({ node: true, size: true })
    .exec((res: Array<{ node?: CanvasNode } | null>) => cb(res?.[0]?.node ?? null));
}

/**
 * The chart's width in px: on a phone the window less the page padding; in h5 the width of the
 * card it sits in (a desk layout gives cards more room), re-measured when the window resizes.
 */
function useChartWidth(id: string): number {
  const [width, setWidth] = useState(() => Math.min(720, (Taro.getSystemInfoSync().windowWidth || 375) - 32));
  useEffect(() => {
    if (!IS_H5) return undefined;
    const measure = (): void => {
      const host = document.getElementById(id)?.closest('.qx-chart') as HTMLElement | null;
      const w = Math.floor(host?.clientWidth ?? 0);
      if (w >= 160) setWidth((old) => (Math.abs(old - w) > 1 ? w : old));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [id]);
  return width;
}

export function CanvasChart({ layout, height, legend, label }: CanvasChartProps) {
  const id = useMemo(() => `qx-chart-${++seq}`, []);
  const width = useChartWidth(id);
  const shapes = useMemo(() => layout(width, height), [layout, width, height]);
  const drawn = useRef(0);
  useEffect(() => {
    let tries = 0;
    const attempt = (): void =>
      findCanvas(id, (node) => {
        if (!node) {
          if (tries++ < 20) setTimeout(attempt, 50);
          return;
        }
        const dpr = Taro.getSystemInfoSync().pixelRatio || 1;
        node.width = width * dpr;
        node.height = height * dpr;
        const ctx = node.getContext('2d');
        ctx.scale(dpr, dpr);
        drawShapes(ctx, shapes, width, height);
        drawn.current++;
      });
    Taro.nextTick(attempt);
  }, [id, shapes, width, height]);
  return (
    <View className="qx-chart" aria-label={label}>
      <Canvas
        type="2d"
        id={id}
        canvasId={id}
        className="qx-chart-canvas"
        style={{ width: `${width}px`, height: `${height}px` }}
      />
      {legend?.length ? (
        <View className="qx-legend">
          {legend.map((l) => (
            <View key={l.name} className="qx-legend-item">
              <View className="qx-legend-dot" style={{ background: l.color }} />
              <Text>{l.name}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
