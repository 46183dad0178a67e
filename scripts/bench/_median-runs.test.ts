import { median, medianFigures } from './_median-runs';

it('takes the median of every numeric figure, nested too, and the rest from the last run', () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(
    medianFigures([
      { rate: 100, ms: 1.5, name: 'a', nested: { p99: 9 }, list: [1] },
      { rate: 300, ms: 0.5, name: 'b', nested: { p99: 7 }, list: [2] },
      { rate: 200, ms: 2.5, name: 'c', nested: { p99: 8 }, list: [3] },
    ]),
  ).toEqual({ rate: 200, ms: 1.5, name: 'c', nested: { p99: 8 }, list: [3] });
});
