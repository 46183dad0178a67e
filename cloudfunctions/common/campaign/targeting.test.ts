import fc from 'fast-check';
import { skipReason, type TargetInput } from './targeting';

const base = { segments: [2], filters: {}, frequencyCap: { max: 1, windowHours: 24 } };
const ok: TargetInput = {
  profile: { _id: 'u1', segment: 2, features: { sentiment_mean: 0.8, recency_days: 3 } },
  consent: { granted: true, personalization: true },
  grantsAvailable: 1,
  recentSends: 0,
};

describe('skipReason', () => {
  it('targets an eligible customer', () => expect(skipReason(base, ok)).toBeNull());
  it('never targets without consent or after withdrawal', () => {
    expect(skipReason(base, { ...ok, consent: null })).toBe('no_consent');
    expect(skipReason(base, { ...ok, consent: { granted: false } })).toBe('no_consent');
    expect(skipReason({ ...base, segments: [] }, { ...ok, consent: { granted: true, withdrawnAt: 1 } })).toBe(
      'no_consent',
    );
  });
  it('respects the personalised-push opt-out only for personalised campaigns', () => {
    const off = { ...ok, consent: { granted: true, personalization: false } };
    expect(skipReason(base, off)).toBe('personalization_off');
    expect(skipReason({ ...base, segments: [] }, off)).toBeNull();
    expect(skipReason({ ...base, segments: [], filters: { sentiment: { min: 0.5 } } }, off)).toBe(
      'personalization_off',
    );
  });
  // A pass that pages the whole shop (a rule segment among the targets) counted every opted-out
  // customer of the shop as 「关闭了个性化推送跳过」; she is the target's only by her stored segment.
  it('counts a consent skip only for a customer in the target without testing a rule on her', () => {
    const off = { ...ok, consent: { granted: true, personalization: false } };
    const unread = new Map([['rule_abcdef', { get include(): never { throw new Error('a rule was evaluated on an opted-out customer'); } }]]);
    const mixed = { ...base, segments: [2, 'rule:rule_abcdef'] };
    expect(skipReason(mixed, { ...off, rules: unread as never })).toBe('personalization_off');
    expect(skipReason(mixed, { ...off, profile: { segment: 1 }, rules: unread as never })).toBe('not_in_segment');
    expect(skipReason(mixed, { ...ok, consent: null, profile: { segment: 1 }, rules: unread as never })).toBe('not_in_segment');
    expect(skipReason({ ...base, segments: [], filters: { sentiment: { min: 0.5 } } }, { ...off, profile: { segment: 1 } })).toBe('personalization_off');
  });
  it('applies segment, filters, grant and cap', () => {
    expect(skipReason(base, { ...ok, profile: { segment: 1 } })).toBe('not_in_segment');
    expect(skipReason({ ...base, segments: ['2'] }, ok)).toBeNull();
    expect(skipReason({ ...base, filters: { sentiment: { max: 0.5 } } }, ok)).toBe('filtered_out');
    expect(skipReason({ ...base, filters: { recencyDays: { max: 7 } } }, ok)).toBeNull();
    expect(skipReason({ ...base, filters: { monetary90d: { min: 1 } } }, ok)).toBe('filtered_out');
    expect(skipReason(base, { ...ok, grantsAvailable: 0 })).toBe('no_grant');
    expect(skipReason(base, { ...ok, recentSends: 1 })).toBe('frequency_cap');
  });
  it('reads features stored as an array in feature-spec order', () => {
    const arr = new Array(18).fill(0);
    arr[13] = 0.2; // sentiment_mean
    expect(
      skipReason(
        { ...base, filters: { sentiment: { max: 0.3 } } },
        { ...ok, profile: { segment: 2, features: arr } },
      ),
    ).toBeNull();
  });
  it('never targets a customer without consent, whatever else holds (property)', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        (pers, g, r) => {
          const t = {
            ...ok,
            consent: { granted: false, personalization: pers },
            grantsAvailable: g,
            recentSends: r,
          };
          return skipReason({ ...base, segments: [] }, t) === 'no_consent';
        },
      ),
    );
  });
  it('computes filter figures from day buckets when the profile stores no features', () => {
    const now = Date.parse('2026-11-23T04:00:00Z');
    const profile = {
      segment: 2,
      firstSeenAt: now - 10 * 86400_000,
      lastActiveAt: now - 86400_000,
      lastPurchaseAt: now - 2 * 86400_000,
      d: { d20261121: { e: 3, pu: 1, fen: 9900 } },
    };
    expect(skipReason({ ...base, filters: { recencyDays: { max: 7 } } }, { ...ok, profile, now })).toBeNull();
    expect(skipReason({ ...base, filters: { recencyDays: { min: 30 } } }, { ...ok, profile, now })).toBe(
      'filtered_out',
    );
  });
  it('reads the features the segment job stored, day counts advanced to the send time', () => {
    const at = Date.parse('2026-11-20T04:00:00Z');
    const profile = {
      segment: 2,
      rev: 4,
      segmentedRev: 4,
      features: { recency_days: 5, frequency_90d: 2, monetary_90d: 99, sentiment_mean: 0.9 },
      featuresAt: at,
      // buckets that would say otherwise: the stored values win while they are current
      d: {},
    };
    const f = (filters: object, now: number) => skipReason({ ...base, filters }, { ...ok, profile, now });
    expect(f({ monetary90d: { min: 50 } }, at)).toBeNull();
    expect(f({ recencyDays: { max: 6 } }, at)).toBeNull();
    expect(f({ recencyDays: { max: 6 } }, at + 2 * 86400_000)).toBe('filtered_out'); // 7 days by now
    expect(f({ recencyDays: { min: 6.9, max: 7.1 } }, at + 2 * 86400_000)).toBeNull();
  });
  it('recomputes from day buckets when the profile changed since it was scored', () => {
    const now = Date.parse('2026-11-23T04:00:00Z');
    const profile = {
      segment: 2,
      rev: 5,
      segmentedRev: 4, // a purchase arrived after the last scoring
      features: { recency_days: 200, monetary_90d: 0 },
      featuresAt: now - 3600_000,
      lastPurchaseAt: now - 3600_000,
      d: { d20261123: { e: 1, pu: 1, fen: 9900 } },
    };
    expect(skipReason({ ...base, filters: { recencyDays: { max: 1 } } }, { ...ok, profile, now })).toBeNull();
    expect(
      skipReason({ ...base, filters: { monetary90d: { min: 99 } } }, { ...ok, profile, now }),
    ).toBeNull();
  });
});
