import { foldEvents } from '../common/profile/apply';
import type { ProfileDoc, StoredEvent } from '../common/profile/types';
import { describeProfile, fewRecordsLine, PREDICTION_LINE } from './describe-profile';
import { segmentReasons } from '../common/segments/reasons';
import { CUSTOMER_WORDING } from '../common/segments/customer-wording';
import { DEFAULT_RULE, NAMING_RULES, phraseOfRule } from '../common/segments/naming';

const AS_OF = Date.UTC(2024, 5, 30, 4);
const DAY = 86_400_000;
const ev = (
  daysAgo: number,
  name: StoredEvent['name'],
  props: Record<string, unknown>,
  sentiment?: number,
): StoredEvent => ({
  _id: `u:${daysAgo}${name}`,
  openid: 'u',
  eventId: `${daysAgo}${name}`,
  name,
  ts: AS_OF - daysAgo * DAY,
  clientTs: 0,
  receivedAt: 0,
  sessionId: `s${daysAgo}`,
  deviceId: 'd',
  seq: 0,
  props,
  ...(sentiment === undefined ? {} : { sentiment }),
});

function profile(extra: Record<string, unknown> = {}): ProfileDoc {
  const r = foldEvents([
    ev(3, 'product_view', { productId: 'p', categoryId: 'tea' }),
    ev(2, 'purchase', {
      orderId: 'o',
      amountFen: 5800,
      items: [{ productId: 'p', categoryId: 'tea', quantity: 1, priceFen: 5800 }],
    }),
    ev(1, 'review_submit', { productId: 'p', categoryId: 'tea', text: '好', rating: 1 }, 120),
  ]);
  return { _id: 'u', openid: 'u', rev: 3, ...r, ...extra };
}

describe('describeProfile', () => {
  it('says in plain Chinese what we know, with category names', () => {
    const s = describeProfile(profile(), AS_OF, { tea: '茶叶' });
    expect(s.hasProfile).toBe(true);
    expect(s.lines[0]).toBe('我们从2024年6月27日开始记录你在本店的浏览和购买，最近一次来访是2024年6月29日。');
    expect(s.lines[1]).toBe('近30天：来访3次，浏览商品1次，加入购物车0次，购买1次，消费58元。');
    expect(s.lines.join('')).toContain('你共写了1条评价，整体评价偏负面。');
    expect(s.topCategories).toEqual([{ categoryId: 'tea', name: '茶叶', weight: 1 }]);
    expect(s.segment).toBeNull();
  });

  it('never shows a raw category id: delisted ones read 已下架类目, once, and unnamed ones 未命名品类', () => {
    const views = (ids: string[]) => ids.map((id, i) => ev(5 + i, 'product_view', { productId: `p${i}`, categoryId: id }));
    const p = { _id: 'u', openid: 'u', rev: 1, ...foldEvents([...views(['c_gone1', 'c_gone1', 'c_tea', 'c_tea', 'c_tea']), ...views(['c_gone2', 'c_odd'])]) };
    const s = describeProfile(p, AS_OF, { c_tea: '茶叶', c_gone1: '已下架类目', c_gone2: '已下架类目' });
    const line = s.lines.find((l) => l.startsWith('你最近最关注的品类'))!;
    expect(line).not.toMatch(/c_|品类c/);
    expect(line.match(/已下架类目/g)).toHaveLength(1);
    expect(line).toMatch(/^你最近最关注的品类：(茶叶（\d+%）、已下架类目（\d+%）|已下架类目（\d+%）、茶叶（\d+%）)。$/);
    const unnamed = describeProfile(p, AS_OF, {});
    expect(unnamed.topCategories.map((c) => c.name)).toEqual(['未命名品类', '未命名品类', '未命名品类']);
  });

  it("says the customer's money to the fen, as their segment reasons do: 29.70元 beside 近90天消费29.70元, not 30元", () => {
    const buy = (daysAgo: number, fen: number) =>
      ev(daysAgo, 'purchase', { orderId: `o${daysAgo}`, amountFen: fen, items: [{ productId: 'p', categoryId: 'tea', quantity: 1, priceFen: fen }] });
    const p = { _id: 'u', openid: 'u', rev: 1, ...foldEvents([buy(2, 2970), buy(200, 10_000)]) };
    const lines = describeProfile(p, AS_OF).lines;
    expect(lines[1]).toMatch(/购买1次，消费29\.70元。$/);
    expect(lines[2]).toMatch(/^近一年：购买2次，消费129\.70元；/);
    // The reason the segment job writes for the same money says it the same way.
    const [reason] = segmentReasons(['monetary_90d'], [29.7], [1], [1], [3.649]);
    expect(reason).toBe('近90天消费29.70元，高于一般客户（一般客户：近90天消费约4元）');
    expect(describeProfile(profile(), AS_OF).lines[1]).toMatch(/消费58元。$/);
  });

  it('calls the records few only when they are, and says what they are', () => {
    const buy = (daysAgo: number) =>
      ev(daysAgo, 'purchase', { orderId: `o${daysAgo}`, amountFen: 2970, items: [{ productId: 'p', categoryId: 'tea', quantity: 1, priceFen: 2970 }] });
    // Imported orders: purchase events only, 8 days of them (under 20 events).
    const eight = { _id: 'u', openid: 'u', rev: 1, ...foldEvents([1, 20, 40, 60, 90, 120, 200, 300].map(buy)) };
    expect(describeProfile(eight, AS_OF).lines.join('')).not.toMatch(/记录还不多|仅供参考/);
    const two = { _id: 'u', openid: 'u', rev: 1, ...foldEvents([1, 20].map(buy)) };
    expect(describeProfile(two, AS_OF).lines).toContain('你近一年在本店只有2天有记录，其中2天有购买，记录还不多，以上归纳仅供参考。');
    expect(describeProfile(profile(), AS_OF).lines).toContain('你近一年在本店只有3天有记录，其中1天有购买，记录还不多，以上归纳仅供参考。');
    expect(fewRecordsLine({ reliable: false, activeDays365: 2, purchaseDays365: 0 })).toBe('你近一年在本店只有2天有记录，记录还不多，以上归纳仅供参考。');
    expect(fewRecordsLine({ reliable: false, activeDays365: 0, purchaseDays365: 0 })).toBe('你近一年在本店没有新的记录，以上归纳仅供参考。');
    const old = { _id: 'u', openid: 'u', rev: 1, ...foldEvents([400, 420, 440].map(buy)) };
    expect(describeProfile(old, AS_OF).lines).toContain('你近一年在本店没有新的记录，以上归纳仅供参考。');
  });

  it("shows the segment in the customer's wording, never staff's name, with its reasons", () => {
    const s = describeProfile(
      profile({ segment: { name: '忠诚高消费客户', reasons: ['近30天购买3次'] } }),
      AS_OF,
    );
    expect(s.segment).toEqual({ name: '老朋友', explain: '这一组顾客大多常在本店购物，感谢一直以来的支持。', reasons: ['近30天购买3次'] });
    // Old stored data on purpose: a pass before session 21's rename stored 高价值忠诚客户.
    expect(describeProfile(profile({ segment: { name: '高价值忠诚客户', reasons: [] } }), AS_OF).segment?.name).toBe('老朋友');
    // the segment job's shape: name with a qualifier, phrase, reasons
    const dormant = describeProfile(
      profile({ segmentName: '沉睡/流失风险·季度低消费', segmentPhrase: '沉睡客户', segmentReasons: ['久未来访'] }),
      AS_OF,
    ).segment;
    expect(dormant).toEqual({ name: '好久不见', explain: '这一组顾客大多有一段时间没来本店了。', reasons: ['久未来访'] });
    expect(describeProfile(profile({ segmentName: '某个新名字', segmentReasons: [] }), AS_OF).segment?.name).toBe('本店顾客');
  });

  it("says the reasons' stored figures in today's words, not the sentences a pass of an older wording stored", () => {
    const stale = ['近30天活跃5次，比一般客户活跃（一般客户：近30天活跃0.1次）'];
    const facts = [{ f: 'sessions_30d', v: 5, t: 0.1, up: true }];
    const s = describeProfile(profile({ segmentName: '活跃买家', segmentPhrase: '活跃买家', segmentReasons: stale, segmentReasonFacts: facts }), AS_OF).segment;
    expect(s?.reasons).toEqual(['近30天活跃5次，比一般客户活跃（一般客户：近30天活跃不到1次）']);
    // segmented before the figures were stored: the sentences until the next pass stores them
    expect(describeProfile(profile({ segmentName: '活跃买家', segmentReasons: stale }), AS_OF).segment?.reasons).toEqual(stale);
  });

  it('no staff name or phrase reaches the customer', () => {
    for (const r of [...NAMING_RULES, { id: 'regular', name: DEFAULT_RULE.name }]) {
      const s = describeProfile(profile({ segmentName: `${r.name}·近期高消费`, segmentPhrase: phraseOfRule(r.id), segmentReasons: [] }), AS_OF).segment!;
      expect(s.name).toBe(CUSTOMER_WORDING[r.id].name);
      const staffWords = [r.name, phraseOfRule(r.id), '流失', '风险', '差评', '敏感', '沉睡'];
      for (const w of staffWords) expect(`${s.name}${s.explain}`).not.toContain(w);
    }
  });

  it('says what the group mostly does, never 「你…」: a segment is named after its centre, not each member', () => {
    // A 常客 member with no visit this month read 「你最近常来逛」 above their own 「近30天：来访0次」.
    for (const [id, w] of Object.entries(CUSTOMER_WORDING)) {
      expect([id, w.explain]).toEqual([id, expect.stringMatching(/^这一组顾客/)]);
      expect([id, w.explain]).not.toEqual([id, expect.stringContaining('你')]);
    }
  });

  it('says plainly when nothing is stored', () => {
    expect(describeProfile(null, AS_OF)).toEqual({
      hasProfile: false,
      lines: ['我们目前没有保存关于你的任何行为数据。'],
      segment: null,
      topCategories: [],
    });
  });
});

describe('the value prediction on 我的', () => {
  const value = { purchases90d: 0.6, pActive: 0.47, spend90dFen: 1389, churnRisk: 'high', churnReason: '…，流失风险高', at: 0, version: 'v' };
  it('says the shop estimates the next 90 days and where to read it, when the profile carries one', () => {
    const lines = describeProfile(profile({ value }), AS_OF).lines;
    expect(lines).toContain('本店还根据你的记录估计你接下来90天的购买可能，用来决定给你发送哪些你订阅过的服务通知；估计结果见「导出我的数据」中的 value。');
    // Not staff's verdict about the customer.
    expect(lines.join('')).not.toMatch(/流失|风险/);
  });
  it('says nothing of a prediction the profile does not carry', () => {
    expect(describeProfile(profile(), AS_OF).lines).not.toContain(PREDICTION_LINE);
    const visitor = { stage: 'visitor', purchases90d: 0.1, pActive: 0.1, spend90dFen: 500, at: 0, version: 'v' };
    expect(describeProfile(profile({ value: visitor }), AS_OF).lines).toContain(PREDICTION_LINE);
  });
});
