import { stackRows, StackedColumnReleasedError, type RowsPart } from './stack-rows';

const part = (from: number, n: number): RowsPart => ({
  cols: [Float64Array.from({ length: n }, (_, k) => from + k), Float64Array.from({ length: n }, (_, k) => -(from + k))],
  y: Array.from({ length: n }, (_, k) => k % 3),
  offsets: Array.from({ length: n }, (_, k) => k / 10),
  groups: Array.from({ length: n }, (_, k) => from + k),
});

describe('stackRows', () => {
  it('stacks the parts in order, a column at a time', () => {
    const s = stackRows([part(0, 3), part(100, 2)], 2);
    expect(s.n).toBe(5);
    expect(Array.from(s.column(0))).toEqual([0, 1, 2, 100, 101]);
    expect(Array.from(s.column(1))).toEqual([-0, -1, -2, -100, -101]);
    expect(Array.from(s.y)).toEqual([0, 1, 2, 0, 1]);
    expect(Array.from(s.offsets)).toEqual([0, 0.1, 0.2, 0, 0.1]);
    expect(Array.from(s.groups)).toEqual([0, 1, 2, 100, 101]);
    // Without release the parts are untouched and a column can be made again.
    expect(Array.from(s.column(0))).toEqual([0, 1, 2, 100, 101]);
  });

  it('with release, drops the parts\' copy of a column once stacked and refuses to stack it twice', () => {
    const parts = [part(0, 3), part(100, 2)];
    const s = stackRows(parts, 2, { release: true });
    expect(Array.from(s.column(1))).toEqual([-0, -1, -2, -100, -101]);
    expect(parts.map((p) => p.cols[1].length)).toEqual([0, 0]);
    expect(parts.map((p) => p.cols[0].length)).toEqual([3, 2]);
    expect(() => s.column(1)).toThrow(StackedColumnReleasedError);
    expect(Array.from(s.column(0))).toEqual([0, 1, 2, 100, 101]);
  });
});
