import type { WxOutboxEntry } from '../openapi/wx-state';
import { safeNext } from './dev-routes';
import { outboxPage } from './pages';

const entry = (o: Partial<WxOutboxEntry>): WxOutboxEntry => ({
  _id: 'e1',
  at: '2026-12-07T20:09:28.246Z',
  touser: 'ozCc20JiH670TbscNrq0OMVnIuoy',
  templateId: 'tpl_price_drop',
  page: 'pages/product/index?id=i1101721&campaignId=cmp_31561944ea34',
  data: {},
  miniprogramState: 'formal',
  errcode: 0,
  errmsg: 'ok',
  fromFunction: 'dispatch',
  rendered: '【降价提醒】',
  ...o,
});

/** An attribute value as the browser reads it (esc writes numeric references). */
const unescapeHtml = (v: string) => v.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&');

/** The sign-in forms of the page: [openid, next] each. */
const forms = (html: string) =>
  [...html.matchAll(/<form method="post" action="\/dev\/login"[^>]*><input type="hidden" name="openid" value="([^"]*)"><input type="hidden" name="next" value="([^"]*)">/g)].map(
    (m) => [m[1], unescapeHtml(m[2])],
  );

describe('the dev outbox page', () => {
  it('lets a delivered notice be tapped as its recipient: signs in as her and opens its page', () => {
    const html = outboxPage([entry({})]);
    expect(html).toContain('以此客户点开');
    const [[openid, next]] = forms(html);
    expect(openid).toBe('ozCc20JiH670TbscNrq0OMVnIuoy');
    expect(next).toBe('/#/pages/product/index?id=i1101721&campaignId=cmp_31561944ea34');
    expect(safeNext(next)).toBe(next); // the sign-in route follows it
  });

  it('offers no tap for a failed send or one without a page', () => {
    expect(forms(outboxPage([entry({ errcode: 43101, errmsg: 'user refuse to accept the msg' }), entry({ page: null })]))).toEqual([]);
  });
});
