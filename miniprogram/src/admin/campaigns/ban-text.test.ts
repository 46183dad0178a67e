import { banBannerText } from './ban-text';

const bj = (h: number, m: number): number => Date.UTC(2026, 11, 7, h - 8, m);

it('says nothing without a ban', () => {
  expect(banBannerText([], {})).toBeNull();
});

it('names the templates, the first and the latest refusal in Beijing time, and what staff do', () => {
  const t = banBannerText(
    [
      { templateId: 'tpl_price_drop', since: bj(8, 0), lastSeenAt: bj(9, 12), campaignId: 'c1' },
      { templateId: 'tpl_gone', since: bj(8, 30), lastSeenAt: bj(8, 31), campaignId: 'c2' },
    ],
    { tpl_price_drop: '降价提醒' },
  );
  expect(t?.title).toBe('订阅消息发送已暂停：微信封禁了本小程序的订阅消息能力');
  expect(t?.lines[0]).toBe('微信拒绝发送（错误码 43107 订阅消息能力封禁），涉及通知：「降价提醒」、「tpl_gone」。首次发现 12-07 08:00，最近一次 12-07 09:12（北京时间）。');
  expect(t?.lines[1]).toContain('微信公众平台');
  expect(t?.lines[1]).toContain('申诉');
  expect(t?.lines[2]).toContain('解封后自动继续');
});
