import { pageWithCampaign, validateCampaign, type ValidationContext } from './validate-campaign';

const ctx: ValidationContext = {
  templates: [
    { templateId: 'tpl_price_drop', title: '降价提醒', keys: ['thing1', 'amount2', 'phrase3', 'time4'] },
  ],
  segments: [
    { id: 0, name: '高价值常客' },
    { id: 1, name: '沉睡的老客户们' },
  ],
  product: { name: '保温杯', priceFen: 9900 },
  now: Date.parse('2026-11-23T02:00:00Z'),
};
const good = {
  name: '保温杯降价提醒',
  kind: 'price_drop',
  segments: [0],
  templateId: 'tpl_price_drop',
  productId: 'p1',
  data: {
    thing1: { from: 'product', field: 'name' },
    amount2: { from: 'product', field: 'price' },
    phrase3: { from: 'text', value: '已降价' },
    time4: { from: 'sendTime', format: 'time' },
  },
  page: 'pages/product/index?id=p1',
  schedule: { kind: 'now' },
};

describe('validateCampaign', () => {
  it('accepts a well-formed campaign and fills defaults', () => {
    const r = validateCampaign(good, ctx);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.campaign.holdoutPct).toBe(10);
      expect(r.campaign.quietHours).toEqual({ start: '22:00', end: '08:00' });
    }
  });
  it('refuses a phrase longer than 5 characters with the key in the path', () => {
    const r = validateCampaign(
      { ...good, data: { ...good.data, phrase3: { from: 'text', value: '价格降低了很多' } } },
      ctx,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual(expect.objectContaining({ path: 'data.phrase3' }));
  });
  it('refuses a product name longer than 20 characters for a thing key', () => {
    const r = validateCampaign(good, {
      ...ctx,
      product: { name: '超长的商品名称超长的商品名称超长的商品名称', priceFen: 1 },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].path).toBe('data.thing1');
  });
  it('refuses missing and unknown template keys, unknown segments, bad cron', () => {
    const { time4: _t, ...rest } = good.data;
    const r = validateCampaign(
      {
        ...good,
        segments: [9],
        data: { ...rest, thing5: { from: 'text', value: 'x' } },
        schedule: { kind: 'cron', cron: '* *' },
      },
      ctx,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const paths = r.problems.map((p) => p.path);
      expect(paths).toEqual(
        expect.arrayContaining(['data.time4', 'data.thing5', 'segments', 'schedule.cron']),
      );
    }
  });
  it('names an unknown target as staff read it: 分群 <id>, or 已删除的自定义分群 for a rule', () => {
    const r = validateCampaign({ ...good, segments: [9, 'rule:rule_gone00'] }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems.filter((p) => p.path === 'segments').map((p) => p.message)).toEqual([
        '目标「分群 9」已不存在，请取消选择后再保存',
        '目标「已删除的自定义分群」已不存在，请取消选择后再保存',
      ]);
  });
  it("fills a phrase key with the customer's wording of every segment, from either field", () => {
    const withPhrases = {
      ...ctx,
      segments: [
        { id: 0, name: '高价值常客', phrase: '高价值客户' },
        { id: 1, name: '沉睡/流失风险·季度低消费', phrase: '沉睡客户' },
      ],
    };
    for (const field of ['segmentName', 'segmentPhrase'] as const) {
      const p = { ...good, data: { ...good.data, phrase3: { from: 'profile', field } } };
      expect(validateCampaign(p, withPhrases).ok).toBe(true);
      // segments without a phrase (profiles from before phrases existed) are worded from their name
      expect(validateCampaign(p, ctx).ok).toBe(true);
    }
  });
  it('takes a long segment name for a thing key (shortened to 20), refuses it for other types', () => {
    const long = { ...ctx, segments: [{ id: 0, name: '沉睡/流失风险·季度低消费·高频浏览·加购未购' }] };
    const thing = { ...good, data: { ...good.data, thing1: { from: 'profile', field: 'segmentName' } } };
    expect(validateCampaign(thing, long).ok).toBe(true);
    const r = validateCampaign(
      {
        ...good,
        templateId: 'tpl_x',
        data: { name1: { from: 'profile', field: 'segmentName' } },
      },
      { ...long, templates: [{ templateId: 'tpl_x', title: 'x', keys: ['name1'], fields: [{ key: 'name1', name: '联系人' }] }] },
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems[0]).toEqual({
        path: 'data.name1',
        message: expect.stringMatching(/^「联系人」不能填写客户分群：分群只能填在文字类/),
      });
  });
  it('reports zod problems with paths and Chinese messages', () => {
    const r = validateCampaign({ ...good, name: '' }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toEqual({ path: 'name', message: '请填写活动名称' });
  });
  it('refuses a page that is not in the mini program (WeChat would answer every send 41030)', () => {
    const r = validateCampaign({ ...good, page: 'pages/products/index?id=p1' }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems).toEqual([
        {
          path: 'page',
          message: expect.stringMatching(
            /^小程序中没有页面 pages\/products\/index，微信会拒绝发送；可用的页面：首页 pages\/index\/index、/,
          ),
        },
      ]);
    expect(validateCampaign({ ...good, page: 'pages/cart/index' }, ctx).ok).toBe(true);
  });
  it('appends the campaign id to the page', () => {
    expect(pageWithCampaign('pages/product/index?id=p1', 'c1')).toBe(
      'pages/product/index?id=p1&campaignId=c1',
    );
    expect(pageWithCampaign('pages/index/index', 'c1')).toBe('pages/index/index?campaignId=c1');
  });
});
