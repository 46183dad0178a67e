/**
 * The unit tests' subscribeMessage.send (cloudfunctions/common/dispatch/testing/wechat-send.ts)
 * and the local cloud's refuse the same pages (scripts/local-cloud/openapi/app-pages.ts, the one
 * rule both run): one table of pages is sent through the stand-in and through the REAL
 * `cloud.openapi.subscribeMessage.send` of a fixture function, under each reading ('app', the
 * default: 41030 for a page the mini program does not have; 'any'). The errCode and errMsg must be
 * the same, a refusal must not reach the test's sender (the local cloud: the grant is kept).
 */
import type { SubscribeMessage } from '../../cloudfunctions/common/dispatch/send-one';
import { wechatSend } from '../../cloudfunctions/common/dispatch/testing/wechat-send';
import { startFixtureCloud, type FixtureCloud } from './runtime-cloud-helper';

/** A page and whether WeChat has it (the app's pages, subpackages included, no leading slash). */
const PAGES: Array<[string, boolean]> = [
  ['pages/product/index?id=p1&campaignId=c1', true],
  ['pages/index/index', true],
  ['admin/overview/index', true],
  ['pages/products/index?id=p1', false],
  ['/pages/index/index', false],
  ['pages/product/index/', false],
  ['?id=p1', false],
  ['', false],
];

const message = (touser: string, page: string): SubscribeMessage => ({
  touser,
  templateId: 'tpl_price_drop',
  page,
  miniprogramState: 'developer',
  data: { thing1: { value: '有机高山绿茶 250g' }, amount2: { value: '￥58.00' }, amount3: { value: '￥72.00' }, thing4: { value: '您关注的商品已降价' } },
});

type Answer = { ok: true } | { ok: false; errCode?: number; errMsg?: string };

describe.each(['app', 'any'] as const)("subscribePage '%s'", (rule) => {
  let fc: FixtureCloud;
  beforeAll(async () => {
    fc = await startFixtureCloud({ subscribePage: rule });
  });
  afterAll(() => fc?.close());

  it.each(PAGES)('%s: the stand-in and the local cloud answer alike', async (page, exists) => {
    const touser = `o_page_${rule}`;
    await fc.cloud.subscribe.registerGrants(touser, { tpl_price_drop: 'accept' });
    const before = fc.cloud.subscribe.grant(touser, 'tpl_price_drop')?.available;
    const onCloud = (await fc.cloud.invokeFunction('notify', message(touser, page), { source: 'wx_trigger' })) as Answer & { res?: unknown };
    const reached: SubscribeMessage[] = [];
    const send = wechatSend(async (m) => void reached.push(m), { subscribePage: rule });
    const onStandIn: Answer = await send(message(touser, page)).then(
      () => ({ ok: true }),
      (e: { errCode?: number; errMsg?: string }) => ({ ok: false, errCode: e.errCode, errMsg: e.errMsg }),
    );
    const refused = rule === 'app' && !exists;
    expect(onStandIn).toEqual(refused ? { ok: false, errCode: 41030, errMsg: expect.stringContaining('is not a page of the mini program') } : { ok: true });
    expect(onCloud.ok ? { ok: true } : onCloud).toEqual(onStandIn);
    expect(reached).toHaveLength(refused ? 0 : 1);
    // A refused page leaves the grant; a delivered one took it.
    expect(fc.cloud.subscribe.grant(touser, 'tpl_price_drop')?.available).toBe(refused ? before : (before ?? 0) - 1);
  });
});

it("the stand-in checks pages by default, as the local cloud does", async () => {
  const before = process.env.QX_SUBSCRIBE_PAGE;
  delete process.env.QX_SUBSCRIBE_PAGE;
  try {
    const send = wechatSend(async () => undefined);
    await expect(send(message('o_x', 'pages/nope/index'))).rejects.toMatchObject({ errCode: 41030 });
  } finally {
    if (before !== undefined) process.env.QX_SUBSCRIBE_PAGE = before;
  }
});
