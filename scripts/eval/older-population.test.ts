import type { ValueModel } from '../../cloudfunctions/common/value/model';
import { olderExpected, olderPopulation } from './older-population';

const h = (...days: number[]) => ({ purchases: { days, amounts: days.map(() => 1) } });
// Trained at cut-offs 40 and 60 of a shop whose first purchase was on day 0: the oldest row is 60 days old.
const model = (trees: number) =>
  ({ end: 100, learned: { cutoffs: [60, 40], gbt: { trees: new Array(trees).fill({}) } } }) as unknown as ValueModel;

describe('olderPopulation', () => {
  const customers = [h(0, 90), h(10), h(30, 35), h(50), h(120)];

  it('counts the scored customers older than the oldest training row, and fires on most of them', () => {
    const c = olderPopulation(model(5), customers);
    expect(c.oldestRowTenure).toBe(60);
    expect(c.scored).toBe(4); // day 120 is after the end
    expect([...c.tenure].slice(0, 4)).toEqual([100, 90, 70, 50]);
    expect(c.beyond).toBe(3);
    expect(c.share).toBe(0.75);
    expect(c.recencyShare).toBe(0.5); // silent 90 and 70 days: longer than any 60-day-old row
    expect(c.fires).toBe(true);
  });

  it('stays quiet when only half are older, and without trees', () => {
    expect(olderPopulation(model(5), [h(0), h(50)]).fires).toBe(false);
    expect(olderPopulation(model(0), customers).fires).toBe(false);
  });
});

describe('olderExpected', () => {
  const fired = { fires: true, oldestRowTenure: 60 };
  const o = { learned: 4, bgnbd: 1, tenure: 120, level: 1.1 };

  it('ships level × trees when the check is quiet', () => {
    expect(olderExpected('older-shrink', { ...fired, fires: false }, o)).toBeCloseTo(4.4, 12);
  });

  it('drops the level, and shrinks the log correction by oldest row ÷ tenure', () => {
    expect(olderExpected('older-no-level', fired, o)).toBe(4);
    expect(olderExpected('older-shrink', fired, o)).toBeCloseTo(2, 12); // 4^(60/120)
    expect(olderExpected('older-shrink-level', fired, o)).toBeCloseTo(2.2, 12);
    // Inside the rows' range the trees stay whole.
    expect(olderExpected('older-shrink', fired, { ...o, tenure: 30 })).toBe(4);
  });
});
