import fc from 'fast-check';
import { applyDelta, foldEvents } from './apply';
import { canonicalJson } from './canonical';
import { compactProfile, partBefore, rebuildReduced } from './compact';
import { dayIndexOfKey, dayKey, dayIndex } from './day';
import { eventDelta } from './delta';
import type { StoredEvent } from './types';
import { combineDeltas, specOps } from './update-spec';
import { historyOfProfile } from '../value/profile-history';
import { beijingDayStartOfIndex } from '../beijing-time';

const T0 = Date.UTC(2024, 0, 10, 4); // 2024-01-10 12:00 UTC+8
const DAY = 86_400_000;

function ev(over: Partial<StoredEvent> & Pick<StoredEvent, 'name' | 'props'>): StoredEvent {
  return {
    _id: 'u:e',
    openid: 'u',
    eventId: 'e',
    ts: T0,
    clientTs: T0,
    receivedAt: T0,
    sessionId: 's1',
    deviceId: 'd',
    seq: 0,
    ...over,
  };
}

const arbEvent = fc
  .record({
    kind: fc.constantFrom(
      'product_view',
      'add_to_cart',
      'favorite',
      'purchase',
      'review_submit',
      'app_launch',
    ),
    day: fc.integer({ min: -500, max: 30 }),
    ms: fc.integer({ min: 0, max: DAY - 1 }),
    cat: fc.constantFrom('a', 'b', 'c'),
    session: fc.constantFrom('s1', 's2', 's3'),
    fen: fc.integer({ min: 0, max: 100000 }),
    sentiment: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
    skewed: fc.boolean(),
  })
  .map(({ kind, day, ms, cat, session, fen, sentiment, skewed }) => {
    const props: Record<string, unknown> =
      kind === 'purchase'
        ? {
            orderId: 'o',
            amountFen: fen,
            items: [{ productId: 'p', categoryId: cat, quantity: 1, priceFen: fen }],
          }
        : kind === 'favorite'
          ? { productId: 'p', categoryId: cat, on: true }
          : kind === 'review_submit'
            ? { productId: 'p', categoryId: cat, text: 't', rating: 3 }
            : { productId: 'p', categoryId: cat, quantity: 1, priceFen: fen };
    const e = ev({ name: kind as StoredEvent['name'], props, ts: T0 + day * DAY + ms, sessionId: session });
    if (sentiment !== undefined) e.sentiment = sentiment;
    if (skewed) e.skewed = true;
    return e;
  });

describe('day keys (UTC+8)', () => {
  it('buckets by the China calendar day', () => {
    expect(dayKey(Date.UTC(2017, 10, 24, 16, 0, 0))).toBe('d20171125'); // 00:00 UTC+8
    expect(dayKey(Date.UTC(2017, 10, 24, 15, 59, 59))).toBe('d20171124');
    expect(dayIndexOfKey(dayKey(T0))).toBe(dayIndex(T0));
    expect(dayIndexOfKey('x')).toBeNaN();
  });
});

describe('the reducer', () => {
  it('turns a purchase into integer increments, min/max times and one weight per category', () => {
    const e = ev({
      name: 'purchase',
      props: {
        orderId: 'o',
        amountFen: 2990,
        items: [
          { productId: 'p', categoryId: 'c1', quantity: 2, priceFen: 1000 },
          { productId: 'q', categoryId: 'c1', quantity: 1, priceFen: 990 },
        ],
      },
    });
    const p = foldEvents([e]);
    expect(p).toEqual({
      firstSeenAt: T0,
      lastActiveAt: T0,
      lastPurchaseAt: T0,
      d: { d20240110: { e: 1, pu: 1, fen: 2990, s: { ss1: 1 }, c: { cc1: 5 } } },
    });
  });

  it('scores reviews in permille and counts negatives below 500', () => {
    const p = foldEvents([
      ev({ name: 'review_submit', props: { productId: 'p', text: 'x', rating: 1 }, sentiment: 120 }),
      ev({ name: 'review_submit', props: { productId: 'p', text: 'y', rating: 5 }, sentiment: 900 }),
      ev({ name: 'review_submit', props: { productId: 'p', text: 'z', rating: 5 } }),
    ]);
    expect(p.d.d20240110).toMatchObject({ rv: 3, rs: 2, rp: 1020, rn: 1 });
  });

  it('ignores unfavourites and app lifecycle beyond the activity counters', () => {
    const p = foldEvents([
      ev({ name: 'favorite', props: { productId: 'p', categoryId: 'c', on: false } }),
      ev({ name: 'app_hide', props: {} }),
    ]);
    expect(p.d.d20240110).toEqual({ e: 2, s: { ss1: 1 } });
  });

  it('is independent of arrival order (any permutation folds to the same profile)', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 40 }), fc.integer(), (events, seed) => {
        const shuffled = [...events].sort((a, b) => ((a.ts * 31 + seed) % 97) - ((b.ts * 31 + seed) % 97));
        expect(canonicalJson(foldEvents(shuffled))).toBe(canonicalJson(foldEvents(events)));
      }),
    );
  });

  it('one combined update per batch equals applying events one by one', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 40 }), fc.integer({ min: 1, max: 10 }), (events, k) => {
        const batched = { d: {} };
        for (let i = 0; i < events.length; i += k)
          applyDelta(batched, specOps(combineDeltas(events.slice(i, i + k).map(eventDelta))));
        expect(canonicalJson(batched)).toBe(canonicalJson(foldEvents(events)));
      }),
    );
  });
});

describe('compaction and rebuild horizon', () => {
  it('archives buckets older than 400 days before the last activity and keeps all-time totals', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { minLength: 1, maxLength: 40 }), (events) => {
        const p = foldEvents(events);
        const c = compactProfile(p);
        const sum = (q: typeof p, f: 'e' | 'fen' | 'rv') =>
          Object.values(q.d).reduce((s, b) => s + (b[f] ?? 0), 0) + (q.a?.[f] ?? 0);
        expect(sum(c, 'e')).toBe(events.length);
        expect(sum(c, 'fen')).toBe(sum(p, 'fen'));
        expect(sum(c, 'rv')).toBe(sum(p, 'rv'));
        const last = dayIndex(p.lastActiveAt!);
        for (const [k, b] of Object.entries(c.d))
          // An old bucket keeps its purchase day, and its spend when it had one (a 0-fen purchase has none).
          if (dayIndexOfKey(k) < last - 400) expect(Object.keys(b).sort()).toEqual(p.d[k].fen === undefined ? ['pu'] : ['fen', 'pu']);
        expect(canonicalJson(compactProfile(c))).toBe(canonicalJson(c));
      }),
    );
  });

  it('keeps every purchase day with its spend, however old (the value model reads them)', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { minLength: 1, maxLength: 40 }), (events) => {
        const p = foldEvents(events);
        const purchases = (q: typeof p) =>
          Object.entries(q.d)
            .filter(([, b]) => (b.pu ?? 0) > 0)
            .map(([k, b]) => [k, b.pu, b.fen ?? 0]);
        expect(purchases(compactProfile(p))).toEqual(purchases(p));
        expect(historyOfProfile(compactProfile(p)).purchases).toEqual(historyOfProfile(p).purchases);
      }),
    );
  });

  it('archives an old purchase day but its purchase: pu and fen stay, the rest goes to the archive', () => {
    const old = dayKey(T0 - 500 * DAY);
    const p = {
      d: { [old]: { e: 3, pv: 2, pu: 1, fen: 990, c: { ca: 1 }, s: { ss1: 1 } }, [dayKey(T0)]: { e: 1, pv: 1 } },
      lastActiveAt: T0,
    };
    const c = compactProfile(p);
    expect(c.d[old]).toEqual({ pu: 1, fen: 990 });
    expect(c.a).toEqual({ e: 3, to: dayIndexOfKey(old) });
  });

  it('rebuild keeps the profile before the horizon and recomputes the rest from raw events', () => {
    fc.assert(
      fc.property(
        fc.array(arbEvent, { maxLength: 40 }),
        fc.integer({ min: -450, max: 20 }),
        (events, hDay) => {
          const horizon = T0 + hDay * DAY;
          const full = compactProfile(foldEvents(events));
          // raw events before the horizon are gone (retention), the profile still has them
          const start = beijingDayStartOfIndex(dayIndex(horizon));
          const remaining = events.filter((e) => e.ts >= start);
          const existing = foldEvents(events);
          expect(canonicalJson(rebuildReduced(remaining, existing, horizon))).toBe(canonicalJson(full));
          expect(canonicalJson(rebuildReduced(events, null, 0))).toBe(canonicalJson(full));
        },
      ),
    );
  });

  it('partBefore drops the archive when it reaches past the horizon', () => {
    const p = { d: {}, a: { e: 3, to: dayIndex(T0) } };
    expect(partBefore(p, T0).a).toBeUndefined();
    expect(partBefore(p, T0 + DAY).a).toEqual(p.a);
  });
});
