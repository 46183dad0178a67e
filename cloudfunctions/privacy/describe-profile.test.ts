import { foldEvents } from '../common/profile/apply';
import type { ProfileDoc, StoredEvent } from '../common/profile/types';
import { describeProfile } from './describe-profile';

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
    expect(s.lines[0]).toBe('我们从2024年6月27日开始记录您在本店的浏览和购买，最近一次来访是2024年6月29日。');
    expect(s.lines[1]).toBe('近30天：来访3次，浏览商品1次，加入购物车0次，购买1次，消费58.00元。');
    expect(s.lines.join('')).toContain('您共写了1条评价，整体评价偏负面。');
    expect(s.topCategories).toEqual([{ categoryId: 'tea', name: '茶叶', weight: 1 }]);
    expect(s.segment).toBeNull();
  });

  it('shows the segment and its reasons when the segmentation job wrote them', () => {
    const s = describeProfile(
      profile({ segment: { name: '高价值常客', reasons: ['近30天购买3次'] } }),
      AS_OF,
    );
    expect(s.segment).toEqual({ name: '高价值常客', reasons: ['近30天购买3次'] });
    expect(
      describeProfile(profile({ segmentName: '沉睡客户', segmentReasons: ['久未来访'] }), AS_OF).segment,
    ).toEqual({ name: '沉睡客户', reasons: ['久未来访'] });
  });

  it('says plainly when nothing is stored', () => {
    expect(describeProfile(null, AS_OF)).toEqual({
      hasProfile: false,
      lines: ['我们目前没有保存关于您的任何行为数据。'],
      segment: null,
      topCategories: [],
    });
  });
});
