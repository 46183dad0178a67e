import { pack, unpack } from './fit-codec';
import { fitResult, fitStart, fitStep, seasonResult, type FitProgress, type SteppedFit } from './fit-steps';
import { rng } from './gbt';
import type { CustomerHistory } from './learned';
import { fitValueModel } from './model';
import { fitSeason, withSeason } from './season-fit';

/** Customers with random purchases over days 0..span + 30 (first purchases in the first 150 × span/400 days), a third with behaviour. */
function shop(seed: number, n: number, span = 400): CustomerHistory[] {
  const rand = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const start = Math.floor((rand() * 150 * span) / 400);
    const rate = 0.005 + rand() * 0.08;
    const stop = start + Math.floor((rand() * 400 * span) / 400);
    const days: number[] = [start];
    for (let d = start + 1; d <= span + 30 && d <= stop; d++) if (rand() < rate) days.push(d);
    const c: CustomerHistory = { purchases: { days, amounts: days.map(() => 10 + Math.floor(rand() * 90)) } };
    if (i % 3 === 0)
      c.behaviour = days.map((day, k) => ({
        day,
        views: 1 + (k % 4),
        carts: k % 2,
        favourites: 0,
        sessions: 1,
        scoredReviews: k % 3 ? 1 : 0,
        positiveSum: k % 3 ? 0.7 : 0,
      }));
    return c;
  });
}

/** Late arrivals who browse first, some buying later: the visitor part's rows (trees, not a base rate). */
function browsers(seed: number, n: number): CustomerHistory[] {
  const rand = rng(seed);
  return Array.from({ length: n }, () => {
    const arrive = 180 + Math.floor(rand() * 220);
    const carts = rand() < 0.5 ? 1 : 0;
    const behaviour = [0, 3, 7].map((k) => ({
      day: arrive + k,
      views: 1 + Math.floor(rand() * 6),
      carts,
      favourites: 0,
      sessions: 1,
      scoredReviews: 0,
      positiveSum: 0,
    }));
    const buy = rand() < (carts ? 0.6 : 0.15) ? arrive + 8 + Math.floor(rand() * 60) : Infinity;
    const days = buy <= 430 ? [buy] : [];
    return { purchases: { days, amounts: days.map(() => 4000) }, behaviour };
  });
}

const OPTS = { end: 400, horizonDays: 90, seed: 3 };

/** A run's artifacts in memory, and a clock that moves 1 s per reading (so chunks are 2–3 trees). */
function fitOn(customers: CustomerHistory[], files: Map<string, Buffer>, opts: SteppedFit['opts'] = OPTS, chunkMs = 2500): SteppedFit {
  let t = 0;
  return {
    prefix: 'fit-',
    opts,
    customers: async () => customers,
    artifacts: {
      put: async (name, b) => files.set(name, Buffer.from(b)),
      get: async (name) => {
        const b = files.get(name);
        if (!b) throw new Error(`no artifact ${name}`);
        return b;
      },
    },
    cache: new Map(),
    chunkMs,
    now: () => (t += 1000),
  };
}

jest.setTimeout(180_000); // many steps, each decoding its artifacts afresh; slow on a loaded machine

describe('stepped value fit', () => {
  const customers = [...shop(11, 600), ...browsers(12, 500)];
  const model = fitValueModel(customers, OPTS);
  const whole = JSON.stringify(model);

  it('the shop has a visitor part with trees (so the visitor stage is exercised), and no level (h′ = h)', () => {
    expect(model.visitor?.basis).toBe('trees');
    expect(model.level).toBeUndefined();
  });

  it('ends with the model fitValueModel fits, byte for byte, in many small steps', async () => {
    const f = fitOn(customers, new Map());
    let p = fitStart();
    const stages: string[] = [];
    while (p.stage !== 'done') {
      // Every step starts from its checkpoint as JSON (the run's state) in a fresh invocation.
      p = JSON.parse(JSON.stringify(await fitStep({ ...f, cache: new Map() }, p))) as FitProgress;
      stages.push(p.stage);
    }
    expect(stages.filter((s) => s === 'rows').length).toBeGreaterThanOrEqual(4);
    expect(stages.filter((s) => s === 'select').length).toBeGreaterThan(5);
    expect(stages.filter((s) => s === 'final').length).toBeGreaterThan(5);
    expect(stages).not.toContain('level');
    expect(JSON.stringify(await fitResult(f, p))).toBe(whole);
  });

  it('a step killed after writing its artifacts is redone from the last checkpoint: same model', async () => {
    const files = new Map<string, Buffer>();
    const f = fitOn(customers, files);
    let p = fitStart();
    let killed = 0;
    for (let step = 0; p.stage !== 'done'; step++) {
      const next = await fitStep(f, p);
      // Every third step dies before its checkpoint: its progress is lost and so is the
      // invocation's memory; the artifacts it wrote stay (and are rewritten by the redo).
      if (step % 3 === 1) {
        killed++;
        f.cache.clear();
        continue;
      }
      p = next;
    }
    expect(killed).toBeGreaterThan(5);
    expect(JSON.stringify(await fitResult(f, p))).toBe(whole);
  });
});

describe('stepped value fit of young shops (young-shop.ts)', () => {
  /** Steps to the end, each from its checkpoint as JSON in a fresh invocation; the stages passed. */
  async function stepped(customers: CustomerHistory[], opts = OPTS) {
    const f = fitOn(customers, new Map(), opts);
    let p = fitStart();
    const stages: string[] = [];
    while (p.stage !== 'done') {
      p = JSON.parse(JSON.stringify(await fitStep({ ...f, cache: new Map() }, p))) as FitProgress;
      stages.push(p.stage);
    }
    return { json: JSON.stringify(await fitResult(f, p)), stages };
  }

  it('too few training rows: BG/NBD alone, no rows or trees built, the model fitValueModel fits', async () => {
    const customers = [...shop(21, 60), ...browsers(22, 200)];
    const { json, stages } = await stepped(customers);
    expect(stages).toEqual(['spend', 'visitor', 'done']);
    const whole = fitValueModel(customers, OPTS);
    expect(whole.young?.buyers).toBe('bgnbd');
    expect(json).toBe(JSON.stringify(whole));
  });

  it('behaviour tracked only lately: trees without it, the model fitValueModel fits', async () => {
    const customers = shop(11, 600).map((c) => ({ ...c, behaviour: c.behaviour?.filter((b) => b.day >= 330) }));
    const opts = { ...OPTS, visitor: 'none' as const };
    const whole = fitValueModel(customers, opts);
    expect(whole.young).toMatchObject({ buyers: 'trees', dropped: ['behaviour'] });
    const { json, stages } = await stepped(customers, opts);
    expect(stages).toContain('final');
    expect(json).toBe(JSON.stringify(whole));
  });
});

describe('stepped last-season fit (season-fit.ts)', () => {
  // 790 days: last year's windows (end − 395 … end − 335) have a year of history before them.
  const customers = shop(31, 700, 760);
  const opts = { end: 760, horizonDays: 90, seed: 2, visitor: 'none' as const };
  const whole = fitSeason(fitValueModel(customers, opts), customers, opts.seed);

  /** Steps to the end (every third step killed before its checkpoint when `kill`); the stages passed. */
  async function stepped(kill: boolean) {
    const f = { ...fitOn(customers, new Map(), opts, 20_000), season: true };
    let p = fitStart();
    const stages: string[] = [];
    let killed = 0;
    for (let step = 0; p.stage !== 'done'; step++) {
      const next = JSON.parse(JSON.stringify(await fitStep(f, p))) as FitProgress;
      if (kill && step % 3 === 1) {
        killed++;
        f.cache.clear();
        continue;
      }
      p = next;
      if (!kill) f.cache.clear(); // every step in a fresh invocation
      stages.push(p.stage);
    }
    const season = await seasonResult(f, p);
    return { f, p, stages, killed, season };
  }

  it('the shop gets a last-season set with trees', () => {
    expect(whole.season?.learned.cutoffs).toEqual([2, 1, 0, -1, -2].map((k) => 760 - 365 + k * 15));
    expect(whole.season?.learned.gbt.trees.length).toBeGreaterThan(0);
  });

  it('steps to the trees fitSeason trains, and withSeason gives its model byte for byte', async () => {
    const { f, p, stages, season } = await stepped(false);
    // The visitor step leads to the first of five cut-offs; the fifth leads on to season-select.
    expect(stages.filter((s) => s === 'season-rows')).toHaveLength(5);
    expect(stages).toContain('season-select');
    expect(stages).toContain('season-final');
    expect(season).not.toBeNull();
    const model = await fitResult(f, p);
    expect(model.season).toBeUndefined();
    expect(JSON.stringify(withSeason(model, customers, season!))).toBe(JSON.stringify(whole));
  });

  it('a step killed in the season stages is redone from its checkpoint: same trees', async () => {
    const { f, p, killed, season } = await stepped(true);
    expect(killed).toBeGreaterThan(5);
    expect(JSON.stringify(withSeason(await fitResult(f, p), customers, season!))).toBe(JSON.stringify(whole));
  });

  it('off by default: the same shop fits no season stages, to fitValueModel\'s model', async () => {
    const f = fitOn(customers, new Map(), opts, 20_000);
    let p = fitStart();
    const stages: string[] = [];
    while (p.stage !== 'done') stages.push((p = await fitStep(f, p)).stage);
    expect(stages.some((s) => s.startsWith('season'))).toBe(false);
    expect(await seasonResult(f, p)).toBeNull();
    expect(JSON.stringify(await fitResult(f, p))).toBe(JSON.stringify(fitValueModel(customers, opts)));
  });
});

describe('stepped value fit of a short history (h′ < h: the Pareto/NBD-hybrid level, hybrid-level.ts)', () => {
  const customers = shop(11, 600);
  // 400 days of history for a 273-day horizon: the trees train on a shorter one.
  const opts = { end: 400, horizonDays: 273, seed: 3, visitor: 'none' as const };
  const whole = fitValueModel(customers, opts);

  it("Pareto/NBD's fit is stepped across many checkpoints, killed steps redone: the model fitValueModel fits", async () => {
    expect(whole.level?.factor).toBeGreaterThan(0);
    expect(whole.level?.factor).not.toBe(1);
    const f = fitOn(customers, new Map(), opts);
    let p = fitStart();
    const stages: string[] = [];
    for (let step = 0; p.stage !== 'done'; step++) {
      const next = JSON.parse(JSON.stringify(await fitStep(f, p))) as FitProgress;
      // Every fourth step dies before its checkpoint (and the invocation's memory with it).
      if (step % 4 === 2) {
        f.cache.clear();
        continue;
      }
      p = next;
      stages.push(p.stage);
    }
    expect(stages.filter((s) => s === 'level').length).toBeGreaterThan(10);
    expect(stages.indexOf('level')).toBeLessThan(stages.indexOf('rows'));
    expect(JSON.stringify(await fitResult(f, p))).toBe(JSON.stringify(whole));
  });
});

describe('fit artifact codec', () => {
  it('round-trips every float exactly, and the header', () => {
    const f = Float64Array.from([0, -0, 1 / 3, -1e-310, Number.MAX_VALUE, Infinity, -Infinity, NaN]);
    const i = Int32Array.from([-(2 ** 31), 0, 2 ** 31 - 1]);
    const u = Uint8Array.from([0, 7, 255]);
    const back = unpack<{ a: number[] }>(pack({ a: [1, 2] }, { f, i, u, empty: new Float64Array(0) }));
    expect(back.header).toEqual({ a: [1, 2] });
    expect(Object.is(back.arrays.f[1], -0)).toBe(true);
    expect([...back.arrays.f]).toEqual([...f]);
    expect(back.arrays.i).toEqual(i);
    expect(back.arrays.u).toEqual(u);
    expect(back.arrays.empty).toHaveLength(0);
  });
});
