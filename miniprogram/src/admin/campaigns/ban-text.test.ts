import { banBannerText } from './ban-text';

const bj = (h: number, m: number): number => Date.UTC(2026, 11, 7, h - 8, m);
const ban = (templateId: string, since: number, lastSeenAt: number, nextTryAt?: number) => ({ templateId, since, lastSeenAt, campaignId: 'c1', ...(nextTryAt ? { nextTryAt } : {}) });
const titles = { tpl_price_drop: '降价提醒', tpl_back_in_stock: '到货提醒' };

it('says nothing without a ban', () => {
  expect(banBannerText({ banned: [] }, {})).toBeNull();
});

it('when every template tried was refused, says the app’s messages are refused and that 43107 cannot tell app from template', () => {
  const t = banBannerText(
    { banned: [ban('tpl_price_drop', bj(8, 0), bj(9, 12), bj(9, 44)), ban('tpl_gone', bj(8, 30), bj(9, 13))], waiting: 2 },
    titles,
    bj(9, 13),
  );
  expect(t?.title).toBe('订阅消息发送已暂停：微信拒绝了本小程序的订阅消息');
  expect(t?.lines[0]).toBe(
    '已试发的全部 2 个通知模板「降价提醒」、「tpl_gone」都被微信拒绝（错误码 43107 订阅消息封禁）。该错误码表示整个小程序或单个模板被封禁，目前无法区分是哪一种。首次发现 12-07 08:00，最近一次 12-07 09:13（北京时间）。',
  );
  expect(t?.lines[1]).toContain('申诉');
  // the earliest next try, in Beijing time (an entry from before the back-off: a minute after its latest refusal)
  expect(t?.lines[2]).toBe('下次自动试发：12-07 09:14（北京时间）；仍被拒绝时，间隔逐次加长（最长 1 小时）。可点「立即重试」在下一分钟试发。');
  expect(t?.lines[3]).toContain('暂停发送');
});

it('one template: never claims the whole app is banned', () => {
  const t = banBannerText({ banned: [ban('tpl_price_drop', bj(8, 0), bj(8, 0), bj(8, 1))], waiting: 1 }, titles, bj(8, 0));
  expect(t?.lines[0]).toMatch(/^已试发的通知模板「降价提醒」都被微信拒绝/);
  expect(`${t?.title}${t?.lines.join('')}`).not.toMatch(/封禁了本小程序|本小程序的订阅消息能力/);
});

it('when another template sent after the latest ban began, names only the refused template', () => {
  const t = banBannerText(
    { banned: [ban('tpl_price_drop', bj(8, 0), bj(9, 0), bj(9, 30))], lastSent: { templateId: 'tpl_back_in_stock', at: bj(8, 40) }, waiting: 1 },
    titles,
    bj(9, 31),
  );
  expect(t?.title).toBe('订阅消息部分暂停：微信拒绝发送「降价提醒」');
  expect(t?.lines[0]).toBe(
    '微信对「降价提醒」返回错误码 43107（订阅消息封禁）；「到货提醒」在 12-07 08:40 仍发送成功，所以被拒绝的是这些模板，其他模板的活动照常发送。首次发现 12-07 08:00，最近一次 12-07 09:00（北京时间）。',
  );
  // due already: the next tick
  expect(t?.lines[2]).toMatch(/^下次自动试发：1 分钟内；/);
});

it('a send before the latest ban began is no evidence: all refused since', () => {
  const t = banBannerText(
    { banned: [ban('tpl_price_drop', bj(8, 0), bj(9, 0)), ban('tpl_back_in_stock', bj(8, 50), bj(9, 0))], lastSent: { templateId: 'tpl_back_in_stock', at: bj(8, 40) } },
    titles,
  );
  expect(t?.title).toBe('订阅消息发送已暂停：微信拒绝了本小程序的订阅消息');
});

it('with no campaign waiting on a refused template, promises no try', () => {
  const t = banBannerText({ banned: [ban('tpl_price_drop', bj(8, 0), bj(9, 0), bj(9, 30))], waiting: 0 }, titles, bj(9, 1));
  expect(t?.lines[2]).toBe('目前没有等待发送的活动使用被拒绝的模板，系统不会再试发；活动继续发送后会再试。');
});
