import { groupColors, layoutScatter } from './scatter-chart';
import { PALETTE, type DotShape } from './shapes';

const dots = (shapes: ReturnType<typeof layoutScatter>) => shapes.filter((s): s is DotShape => s.kind === 'dot');

describe('scatter layout (segment map)', () => {
  const points = [
    { x: -2, y: 0, group: '1' },
    { x: 2, y: 0, group: '1' },
    { x: 0, y: 1, group: '2' },
    { x: 0, y: -1, group: '3' },
  ];

  it('keeps one scale on both axes, inside the plot, up is +y', () => {
    for (const [w, h] of [[340, 260], [900, 300], [200, 400]]) {
      const d = dots(layoutScatter({ width: w, height: h, points }));
      expect(d).toHaveLength(4);
      const xSpan = d[1].x - d[0].x; // 4 units
      const ySpan = d[3].y - d[2].y; // 2 units, downwards on screen
      expect(ySpan / xSpan).toBeCloseTo(0.5, 9);
      for (const p of d) {
        expect(p.x).toBeGreaterThanOrEqual(24);
        expect(p.x).toBeLessThanOrEqual(w - 8);
        expect(p.y).toBeGreaterThanOrEqual(8);
        expect(p.y).toBeLessThanOrEqual(h - 22);
      }
    }
  });

  it('colours by group (palette in order, or given), with axis titles', () => {
    const shapes = layoutScatter({ width: 300, height: 200, points, colors: { '3': '#000' }, xTitle: '主成分一', yTitle: '主成分二' });
    expect(dots(shapes).map((d) => d.color)).toEqual([PALETTE[0], PALETTE[0], PALETTE[1], '#000']);
    expect(shapes.filter((s) => s.kind === 'text').map((s) => (s as { text: string }).text)).toEqual(['主成分一', '主成分二']);
    expect(groupColors(['a', 'b'])).toEqual({ a: PALETTE[0], b: PALETTE[1] });
  });

  it('draws a single point or none without dividing by zero', () => {
    const one = dots(layoutScatter({ width: 300, height: 200, points: [{ x: 5, y: 5, group: '1' }] }));
    expect(Number.isFinite(one[0].x) && Number.isFinite(one[0].y)).toBe(true);
    expect(dots(layoutScatter({ width: 300, height: 200, points: [] }))).toHaveLength(0);
  });
});
