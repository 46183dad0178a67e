import { campaignInput } from '../../../../cloudfunctions/common/campaign/campaign-schema';
import { MERCHANT_TEMPLATES } from '../../../../cloudfunctions/common/campaign/merchant-templates';
import { formOf, newForm, toPayload } from './form-state';

describe('campaign form', () => {
  it('builds a payload the server contract accepts, and round-trips it', () => {
    const f = {
      ...newForm(MERCHANT_TEMPLATES[0], 'p1'),
      name: '降价提醒',
      segments: [1, 2],
      sentimentMin: '0.2',
    };
    f.keys.amount3 = { source: 'text', text: '¥72.00' };
    f.keys.thing4 = { source: 'text', text: '您关注的商品已降价' };
    const payload = toPayload(f);
    const parsed = campaignInput.parse(payload);
    expect(parsed.data.thing1).toEqual({ from: 'product', field: 'name' });
    expect(parsed.filters.sentiment).toEqual({ min: 0.2 });
    const back = formOf({
      ...parsed,
      _id: 'c1',
      status: 'draft',
      createdBy: 's',
      createdAt: 0,
      updatedAt: 0,
      nextRunAt: null,
    });
    expect(toPayload(back)).toEqual({ ...payload, _id: 'c1' });
  });
});
