import fc from 'fast-check';
import { isStoredName } from '../db/stored-keys';
import { categoryAffinity } from '../features/affinity';
import { computeRawFeatures } from '../features/compute-features';
import { foldEvents } from './apply';
import { canonicalKey, categoryKey, categoryOfKey, hashedCategoryKeysOf, sessionKey } from './bucket-keys';
import { dayKey } from './day';
import { eventDelta } from './delta';
import type { ReducedProfile, StoredEvent } from './types';

const AS_OF = Date.UTC(2026, 11, 6, 4);
const view = (sessionId: string, categoryId: string, ts = AS_OF - 3_600_000): StoredEvent => ({
  _id: `u:${sessionId}:${categoryId}`,
  openid: 'u',
  eventId: `${sessionId}${categoryId}`,
  name: 'product_view',
  ts,
  clientTs: ts,
  receivedAt: ts,
  sessionId,
  deviceId: 'd',
  seq: 1,
  props: { productId: 'p', categoryId },
});
const idRule = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/); // contracts/events.ts

describe('day-bucket set keys', () => {
  it('every path the reducer writes is made of legal field names, for any ids the id rule allows (property)', () => {
    fc.assert(
      fc.property(idRule, idRule, (sessionId, categoryId) => {
        for (const op of eventDelta(view(sessionId, categoryId))) expect(op.path.filter((p) => !isStoredName(p))).toEqual([]);
      }),
      { numRuns: 1000 },
    );
    // The tracker's own session ids hold '-' (s + base36 time + '-' + 8 chars).
    expect(sessionKey('smiu2k1x0-ab12cd34')).toBe('q_ssmiu2k1x0_2dab12cd34');
    expect(categoryKey('cat-01')).toBe('q_ccat_2d01');
    expect(categoryKey('women')).toBe('cwomen'); // a legal key stays as the old one was
  });

  it('reads category ids and canonical keys back, whichever way they were stored', () => {
    fc.assert(fc.property(idRule, (id) => {
      const key = categoryKey(id);
      expect(categoryOfKey(key)).toBe(categoryKey(id).startsWith('qh_') ? undefined : id);
    }));
    expect(categoryOfKey('ccat-01')).toBe('cat-01'); // stored before, under MongoDB's looser rule
    expect(categoryOfKey('q_ccat_2d01')).toBe('cat-01');
    expect(canonicalKey('ss1-x')).toBe(canonicalKey(sessionKey('s1-x')));
  });

  it('a profile upgraded in place counts a session or category stored both ways once, and shows its id', () => {
    const today = dayKey(AS_OF);
    const fresh = foldEvents([view('s1-x', 'cat-01'), view('s2', 'tea')]);
    const upgraded: ReducedProfile = {
      ...fresh,
      // The same day as stored before the encoding: plain keys with '-'.
      d: { [today]: { ...fresh.d[today], s: { ...fresh.d[today].s, 'ss1-x': 1 }, c: { ...fresh.d[today].c, 'ccat-01': 1 } } },
    };
    const a = computeRawFeatures(fresh, AS_OF);
    const b = computeRawFeatures(upgraded, AS_OF);
    expect(b.sessions_30d).toBe(a.sessions_30d);
    expect(b.categories_90d).toBe(a.categories_90d);
    expect(a.sessions_30d).toBe(2);
    expect(categoryAffinity(upgraded, AS_OF).map((c) => c.categoryId).sort()).toEqual(['cat-01', 'tea']);
    expect(categoryAffinity(upgraded, AS_OF).find((c) => c.categoryId === 'cat-01')!.weight).toBeCloseTo(2 / 3, 3);
  });

  it('shows a hashed category by the id resolved for it, and lists the hashed keys of a profile', () => {
    const long = 'premium-organic-longjing-green-tea';
    const key = categoryKey(long);
    expect(key).toMatch(/^qh_/);
    expect(categoryOfKey(key, { [key]: long })).toBe(long);
    expect(categoryOfKey(key, { other: long })).toBeUndefined();
    const p = foldEvents([view('s1', long), view('s1', long), view('s2', 'tea')]);
    expect(hashedCategoryKeysOf(p.d)).toEqual([key]);
    expect(hashedCategoryKeysOf(undefined)).toEqual([]);
    // Unresolved it weighs in the total but is not listed; resolved it is listed by its id.
    expect(categoryAffinity(p, AS_OF).map((c) => c.categoryId)).toEqual(['tea']);
    expect(categoryAffinity(p, AS_OF, 5, 90, { [key]: long })).toEqual([
      { categoryId: long, weight: 0.667 },
      { categoryId: 'tea', weight: 0.333 },
    ]);
  });
});

