import fc from 'fast-check';
import { clipLabel, layoutBars, wrapLabel } from './bar-chart';
import { SPEND_EDGES_FEN } from '../../../../cloudfunctions/common/value-serving/snapshot';
import { spendBinLabels } from '../services/value-view';
import { layoutLines, onePointNote } from './line-chart';
import { formatTick, linearScale, niceStep, niceTicks } from './scale';
import type { RectShape } from './shapes';

describe('scale', () => {
  it('maps linearly, including inverted pixel ranges', () => {
    const y = linearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(50)).toBe(100);
    expect(y(100)).toBe(0);
  });
  it('picks 1-2-5 steps', () => {
    expect(niceStep(100, 4)).toBe(20);
    expect(niceStep(1, 5)).toBe(0.2);
    expect(niceStep(7300, 4)).toBe(2000);
  });
  it('ticks cover the data with nice values', () => {
    expect(niceTicks(0, 95, 4)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 0)).toEqual([0, 1]);
    expect(niceTicks(5, 5)).toEqual([0, 1, 2, 3, 4, 5]);
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        (a, span) => {
          const t = niceTicks(a, a + span, 4);
          const tol = 1e-9 * Math.max(1, Math.abs(a) + span);
          return t[0] <= a + tol && t[t.length - 1] >= a + span - tol && t.length >= 2 && t.length <= 12;
        },
      ),
    );
  });
  it('formats ticks the Chinese way', () => {
    expect(formatTick(12000)).toBe('1.2万');
    expect(formatTick(0.25)).toBe('0.25');
    expect(formatTick(300000000)).toBe('3亿');
  });
});

describe('bar layout', () => {
  it('puts bars inside the frame with heights proportional to values', () => {
    const shapes = layoutBars({
      width: 300,
      height: 200,
      labels: ['a', 'b', 'c'],
      series: [{ name: 's', values: [10, 20, 40] }],
    });
    const bars = shapes.filter((s): s is RectShape => s.kind === 'rect');
    expect(bars).toHaveLength(3);
    expect(bars[1].h / bars[0].h).toBeCloseTo(2, 6);
    expect(bars[2].h / bars[0].h).toBeCloseTo(4, 6);
    for (const b of bars) {
      expect(b.x).toBeGreaterThanOrEqual(44);
      expect(b.x + b.w).toBeLessThanOrEqual(288);
      expect(b.y + b.h).toBeCloseTo(172, 6);
    }
  });
  it('groups series side by side and skips missing values', () => {
    const shapes = layoutBars({
      width: 300,
      height: 200,
      labels: ['a', 'b'],
      series: [
        { name: 'x', values: [1, 2] },
        { name: 'y', values: [3, NaN] },
      ],
    });
    const bars = shapes.filter((s): s is RectShape => s.kind === 'rect');
    expect(bars).toHaveLength(3);
    expect(bars[1].x).toBeGreaterThan(bars[0].x);
    expect(bars[1].color).not.toBe(bars[0].color);
  });
});

describe('bar labels', () => {
  it('the ten spend bins keep their edges on a phone (380 px chart): 100, 200, 500 were cut to 1…', () => {
    const labels = spendBinLabels(SPEND_EDGES_FEN);
    const shapes = layoutBars({ width: 380, height: 200, labels, series: [{ name: '人数', values: labels.map(() => 1) }] });
    const texts = shapes.flatMap((s) => (s.kind === 'text' && s.baseline === 'top' ? [s.text] : []));
    expect(texts).toEqual(['0', '10', '20', '50', '100', '200', '500', '1千', '2千', '5千+']);
  });
  it('long Chinese names are still cut to fit, by width', () => {
    expect(clipLabel('沉睡/流失风险·季度低消费', 58)).toBe('沉睡/流失…');
    expect(clipLabel('沉睡/流失风险', 29)).toBe('沉睡…');
    expect(clipLabel('新客', 29)).toBe('新客');
    expect(clipLabel('12345', 10)).toBe('1…');
  });

  it("keeps the demo shop's five segment names apart under the bars of a phone-wide card", () => {
    // The 价值 page's 各分群 chart, sorted by spend: two 活跃买家·… and two 沉睡/流失风… read the same on one line.
    const labels = ['活跃买家·近期高消费', '忠诚高消费客户', '沉睡/流失风险·季度低消费', '活跃买家·季度高消费', '沉睡/流失风险'];
    const shapes = layoutBars({ width: 340, height: 200, labels, series: [{ name: '元', values: [3582, 3506, 2913, 847, 357] }] });
    const byBar = new Map<number, string[]>();
    for (const s of shapes) if (s.kind === 'text' && s.baseline === 'top') byBar.set(s.x, [...(byBar.get(s.x) ?? []), s.text]);
    const shown = [...byBar.values()];
    expect(shown).toEqual([
      ['活跃买家·', '近期高消费'],
      ['忠诚高消费', '客户'],
      ['沉睡/', '流失风险·…'],
      ['活跃买家·', '季度高消费'],
      ['沉睡/', '流失风险'],
    ]);
    expect(new Set(shown.map((l) => l.join(''))).size).toBe(labels.length);
    // Both lines sit inside the chart's 200 px.
    for (const s of shapes) if (s.kind === 'text' && s.baseline === 'top') expect(s.y + s.size).toBeLessThanOrEqual(200);
  });

  it('wraps a name that does not fit on one line, breaking after a separator when it can', () => {
    expect(wrapLabel('新客', 58)).toEqual(['新客']);
    expect(wrapLabel('活跃买家·近期高消费', 58)).toEqual(['活跃买家·', '近期高消费']);
    expect(wrapLabel('忠诚高消费客户', 58)).toEqual(['忠诚高消费', '客户']);
    expect(wrapLabel('沉睡/流失风险·季度低消费', 58)).toEqual(['沉睡/', '流失风险·…']);
  });

  it('puts the unit after each value label and tick, and nothing when none is given', () => {
    const texts = (unit?: string) =>
      layoutBars({ width: 380, height: 200, labels: ['a', 'b'], series: [{ name: '人数', values: [230, 92] }], showValues: true, unit }).flatMap((s) =>
        s.kind === 'text' && s.baseline === 'bottom' ? [s.text] : [],
      );
    expect(texts('人')).toEqual(['230人', '92人']);
    expect(texts()).toEqual(['230', '92']);
  });
});

describe('line layout', () => {
  it('spreads points across the width and breaks on gaps', () => {
    const shapes = layoutLines({
      width: 300,
      height: 200,
      xLabels: ['1', '2', '3', '4'],
      series: [{ name: 's', values: [0.1, 0.2, null, 0.4] }],
      yDomain: [0, 1],
    });
    const lines = shapes.filter((s) => s.kind === 'line' && s.width === 2);
    expect(lines).toHaveLength(1);
    const dots = shapes.filter((s) => s.kind === 'rect');
    expect(dots).toHaveLength(1);
    const pts = (lines[0] as { points: Array<[number, number]> }).points;
    expect(pts[0][0]).toBe(44);
    expect(pts[1][1]).toBeLessThan(pts[0][1]);
  });

  it("draws a dashed full-height line at each marker's x (a model version change), under the series", () => {
    const input = { width: 300, height: 200, xLabels: ['1', '2', '3', '4'], series: [{ name: 's', values: [0.1, 0.2, 0.3, 0.4] }], yDomain: [0, 1] as [number, number] };
    const shapes = layoutLines({ ...input, markers: [{ index: 2, color: '#8c8c8c' }] });
    const dashed = shapes.filter((s) => s.kind === 'line' && s.dash);
    const series = shapes.findIndex((s) => s.kind === 'line' && s.width === 2);
    // At the series' third point, from the plot's top (12) to its bottom (200 - 28).
    const x = (shapes[series] as { points: Array<[number, number]> }).points[2][0];
    expect(dashed).toEqual([{ kind: 'line', points: [[x, 12], [x, 172]], color: '#8c8c8c', width: 1, dash: [4, 3] }]);
    expect(shapes.indexOf(dashed[0])).toBeLessThan(series);
    expect(layoutLines(input).filter((s) => s.kind === 'line' && s.dash)).toEqual([]);
  });

  it('explains a trend of one point (dots, no line), and says nothing from two points on', () => {
    expect(onePointNote(1, '之后每天增加一个点')).toBe('目前只有 1 个时间点，还连不成趋势：之后每天增加一个点');
    expect(onePointNote(2, '之后每天增加一个点')).toBeNull();
    expect(onePointNote(0, '之后每天增加一个点')).toBeNull();
  });
});
