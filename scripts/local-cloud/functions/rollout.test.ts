import { RolloutRouter, rolloutRoutingSchema, type Release } from './rollout';

const take = (r: RolloutRouter, n: number): Release[] => Array.from({ length: n }, () => r.next());

describe('rollout routing', () => {
  it('alternates, starting with the previous release', () => {
    const r = new RolloutRouter({ mode: 'alternate' });
    expect(take(r, 4)).toEqual(['previous', 'current', 'previous', 'current']);
    expect(r.served).toEqual({ previous: 2, current: 2 });
  });

  it('follows a fixed sequence, then alternates', () => {
    const r = new RolloutRouter({ mode: 'sequence', releases: ['current', 'current', 'previous'] });
    expect(take(r, 5)).toEqual(['current', 'current', 'previous', 'previous', 'current']);
  });

  it('splits at random, the same way for the same seed, near the share asked', () => {
    const a = take(new RolloutRouter({ mode: 'random', seed: 7 }), 400);
    expect(take(new RolloutRouter({ mode: 'random', seed: 7 }), 400)).toEqual(a);
    expect(take(new RolloutRouter({ mode: 'random', seed: 8 }), 400)).not.toEqual(a);
    const previous = a.filter((x) => x === 'previous').length;
    expect(previous).toBeGreaterThan(150);
    expect(previous).toBeLessThan(250);
    const mostlyNew = take(new RolloutRouter({ mode: 'random', seed: 7, previousShare: 0.1 }), 400).filter((x) => x === 'previous').length;
    expect(mostlyNew).toBeGreaterThan(15);
    expect(mostlyNew).toBeLessThan(70);
    expect(take(new RolloutRouter({ mode: 'random', seed: 1, previousShare: 0 }), 50)).not.toContain('previous');
  });

  it('refuses routings it does not know', () => {
    expect(rolloutRoutingSchema.safeParse({ mode: 'sticky' }).success).toBe(false);
    expect(rolloutRoutingSchema.safeParse({ mode: 'random' }).success).toBe(false);
    expect(rolloutRoutingSchema.safeParse({ mode: 'sequence', releases: [] }).success).toBe(false);
  });
});
