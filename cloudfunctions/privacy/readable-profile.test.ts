import { churnRisk } from '../common/value/churn';
import { categoryKey, sessionKey } from '../common/profile/bucket-keys';
import { profileCategoryIds, readableProfile } from './readable-profile';
import { describeProfile } from './describe-profile';
import { NAMING_RULES, phraseOfRule } from '../common/segments/naming';
import { withShownNames } from '../common/segments/customer-wording';
import type { ProfileDoc } from '../common/profile/types';

const LONG = 'premium-organic-longjing-green-tea';
const UNKNOWN = 'a-category-nobody-can-name-any-more';

describe('readableProfile', () => {
  it('keys day buckets by category and session ids, however they were stored', () => {
    const stored = {
      _id: 'u',
      rev: 3,
      d: {
        '20261206': {
          pv: 4,
          // new escaped, old plain and a hashed key of one resolved id; an unresolved hashed key
          c: { [categoryKey('cat-01')]: 2, 'ccat-01': 1, [categoryKey(LONG)]: 5, [categoryKey(UNKNOWN)]: 1, cwomen: 3 },
          s: { [sessionKey('s1-x')]: 1, ss2: 1 },
        },
        '20261205': { e: 2 },
      },
    };
    const out = readableProfile(stored, { [categoryKey(LONG)]: LONG })!;
    expect(out.d).toEqual({
      '20261206': {
        pv: 4,
        c: { 'cat-01': 3, [LONG]: 5, [categoryKey(UNKNOWN)]: 1, women: 3 },
        s: { 's1-x': 1, s2: 1 },
      },
      '20261205': { e: 2 },
    });
    expect(out.rev).toBe(3);
    expect(profileCategoryIds(out)).toEqual(['cat-01', LONG, categoryKey(UNKNOWN), 'women'].sort());
  });

  it('keeps categories whose ids are names of Object.prototype members (constructor, __proto__)', () => {
    // Category ids are merchant-chosen ([A-Za-z0-9_-]+), so `constructor` and `__proto__` are valid.
    const stored = { _id: 'u', d: { '20261206': { c: { [categoryKey('constructor')]: 2, [categoryKey('__proto__')]: 1 } } } };
    const out = readableProfile(stored, {})!;
    const c = (out.d as Record<string, { c: Record<string, number> }>)['20261206'].c;
    expect(Object.entries(c).sort()).toEqual([
      ['__proto__', 1],
      ['constructor', 2],
    ]);
    expect(profileCategoryIds(out)).toEqual(['__proto__', 'constructor']);
    expect(JSON.parse(JSON.stringify(out)).d['20261206'].c).toEqual(JSON.parse('{"constructor":2,"__proto__":1}'));
  });

  it("hands over the stored sentences in today's words, without the figures' storage", () => {
    const churn = churnRisk({ purchaseDays: 5, daysSinceLastPurchase: 200, meanGapDays: 15, pActive: 0.05, expectedPurchases: 0.05, horizonDays: 90 });
    const stored = {
      _id: 'u',
      segmentReasons: ['近30天活跃5次，比一般客户活跃（一般客户：近30天活跃0.1次）'],
      segmentReasonFacts: [{ f: 'sessions_30d', v: 5, t: 0.1, up: true }],
      value: { purchases90d: 0.05, pActive: 0.05, spend90dFen: 100, churnRisk: 'high', churnReason: '旧的说法', churnFacts: churn.facts, at: 1, version: 'v1' },
    };
    expect(readableProfile(stored, {})).toEqual({
      _id: 'u',
      segmentReasons: ['近30天活跃5次，比一般客户活跃（一般客户：近30天活跃不到1次）'],
      value: { purchases90d: 0.05, pActive: 0.05, spend90dFen: 100, churnRisk: 'high', churnReason: churn.reason, at: 1, version: 'v1' },
    });
    // stored before the figures: as stored
    const old = { _id: 'u', segmentReasons: ['旧'], value: { churnRisk: 'high', churnReason: '旧的说法' } };
    expect(readableProfile(old, {})).toEqual(old);
  });

  it('leaves a missing profile or one without buckets as it is', () => {
    expect(readableProfile(null, {})).toBeNull();
    expect(readableProfile({ _id: 'u' }, {})).toEqual({ _id: 'u' });
    expect(profileCategoryIds(null)).toEqual([]);
  });

  // One group had three names: 常客 on 我的, 活跃买家(·近期高消费) in the export with nothing tying
  // them, and staff's. The copy keeps staff's name (what the shop holds) and gives 我的's beside it.
  it("names the customer's segment as 我的 does, beside staff's name", () => {
    const names = [...NAMING_RULES.map((r) => [r.id, r.name] as const), ['active_buyer', '活跃买家·近期高消费'] as const, ['dormant', '沉睡/流失风险2'] as const, ['loyal_high_value', '高价值忠诚客户'] as const];
    for (const [rule, name] of names) {
      const stored = { _id: 'u', openid: 'u', firstSeenAt: 1, lastActiveAt: 1, d: {}, segment: 2, segmentName: name, segmentPhrase: phraseOfRule(rule) };
      const me = describeProfile(stored as unknown as ProfileDoc, 2).segment!.name;
      const copy = readableProfile(stored, {})!;
      expect({ name, shown: copy.segmentNameShown }).toEqual({ name, shown: me });
      expect(copy.segmentName).toBe(name === '高价值忠诚客户' ? '忠诚高消费客户' : name);
    }
    expect(readableProfile({ _id: 'u', segmentName: '活跃买家·近期高消费', segmentPhrase: '活跃买家' }, {})!.segmentNameShown).toBe('常客');
    // history stores names only: a numbered name is its rule's too
    expect(withShownNames({ toName: '沉睡/流失风险2', fromName: null }, [['fromName', 'fromNameShown'], ['toName', 'toNameShown']])).toEqual({ toName: '沉睡/流失风险2', fromName: null, toNameShown: '好久不见' });
    // the non-buyer group is named by its phrase; history stores only that name
    expect(withShownNames({ toName: '未下单访客' }, [['toName', 'toNameShown']])).toEqual({ toName: '未下单访客', toNameShown: '尚未下单' });
    // no segment, no shown name
    expect(readableProfile({ _id: 'u', rev: 1 }, {})).toEqual({ _id: 'u', rev: 1 });
  });
});
