import { FEATURE_NAMES } from '../../cloudfunctions/common/value/features';
import { loadTaobao, taobaoCutoffs, taobaoRow } from './taobao-users';

// 2017-11-30 16:00 UTC is 2017-12-01 00:00 in Beijing.
const DEC1 = Date.UTC(2017, 11, 1) / 86_400_000;
const ts = (iso: string) => String(Date.parse(iso) / 1000);
const csv = (rows: string[][]) =>
  ['user_id,item_id,category_id,behavior_type,timestamp', ...rows.map((r) => r.join(','))].join('\n');

const BASE = [
  ['1', 'i1', 'c', 'pv', ts('2017-11-30T15:59:59Z')], // 30 Nov in Beijing
  ['1', 'i1', 'c', 'cart', ts('2017-11-30T16:00:00Z')], // 1 Dec in Beijing
  ['1', 'i1', 'c', 'buy', ts('2017-11-30T17:00:00Z')],
  ['1', 'i2', 'c', 'fav', ts('2017-12-01T17:00:00Z')], // 2 Dec in Beijing
  ['2', 'i3', 'c', 'pv', ts('2017-11-28T09:00:00Z')],
  ['2', 'i3', 'c', 'buy', ts('2017-11-28T10:00:00Z')],
];

describe('Taobao sample as customer histories', () => {
  it('puts events on Beijing days, one session per active day, purchases without amounts', () => {
    const s = loadTaobao(csv(BASE));
    expect(s.lastDay).toBe(DEC1 + 1);
    expect(s.firstPurchaseDay).toBe(DEC1 - 3);
    const [u1, u2] = s.users;
    expect(u1.purchases).toEqual({ days: [DEC1], amounts: [0] });
    expect(u1.behaviour?.map((b) => [b.day - DEC1, b.views, b.carts, b.favourites, b.sessions])).toEqual([
      [-1, 1, 0, 0, 1],
      [0, 0, 1, 0, 1],
      [1, 0, 0, 1, 1],
    ]);
    expect(u2.purchases.days).toEqual([DEC1 - 3]);
  });

  it('builds rows at a cut-off from nothing after it', () => {
    const cut = DEC1;
    const later = [
      ['1', 'i9', 'c', 'buy', ts('2017-12-02T03:00:00Z')],
      ['1', 'i9', 'c', 'cart', ts('2017-12-01T20:00:00Z')],
      ['2', 'i9', 'c', 'pv', ts('2017-12-03T03:00:00Z')],
    ];
    const a = loadTaobao(csv(BASE));
    const b = loadTaobao(csv([...BASE, ...later]));
    for (const cols of ['rf', 'rf+profile-behaviour', 'rf+behaviour', 'behaviour'] as const)
      a.users.forEach((u, i) => expect(taobaoRow(b.users[i], cut, cols)).toEqual(taobaoRow(u, cut, cols)));
    // User 1 at 1 Dec: one purchase day that day; behaviour columns follow the recency/frequency pair.
    const row = taobaoRow(a.users[0], cut, 'rf+behaviour');
    expect(row.slice(0, 2)).toEqual([1, 0]);
    expect(row.length).toBe(2 + FEATURE_NAMES.behaviour.length);
    expect(taobaoRow(a.users[0], cut, 'rf+profile-behaviour').length).toBe(2 + 8);
    expect(taobaoRow(a.users[0], cut - 1, 'rf')).toEqual([0, 99]);
  });

  it('trains at every earlier day whose target window ends by the cut', () => {
    expect(taobaoCutoffs(10, 5, 2)).toEqual([8, 7, 6, 5]);
    expect(taobaoCutoffs(10, 9, 2)).toEqual([]);
  });
});
