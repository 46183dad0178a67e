import { campaignInput } from '../../../../cloudfunctions/common/campaign/campaign-schema';
import { MERCHANT_TEMPLATES } from '../../../../cloudfunctions/common/campaign/merchant-templates';
import { FIELD_RULES } from '../../../../cloudfunctions/common/campaign/field-rules';
import { segmentSourceProblem } from '../../../../cloudfunctions/common/campaign/segment-values';
import { formOf, newForm, sourcesFor, toPayload } from './form-state';

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
    // The revision the editor loaded goes back with the save (the server refuses a stale one).
    expect(toPayload(formOf({ ...parsed, _id: 'c1', status: 'draft', createdBy: 's', createdAt: 0, updatedAt: 0, nextRunAt: null, revision: 3 }))).toEqual({ ...payload, _id: 'c1', revision: 3 });
  });
  it('offers the segment (customer wording) for thing and phrase keys only, exactly as the server allows', () => {
    const ids = (k: string) => sourcesFor(k).map((s) => s.id);
    expect(ids('phrase2')).toContain('profile.segmentPhrase');
    expect(ids('thing1')).toContain('profile.segmentPhrase');
    expect(ids('name3')).not.toContain('profile.segmentPhrase');
    for (const type of Object.keys(FIELD_RULES)) {
      const key = `${type}1`;
      expect([key, ids(key).includes('profile.segmentPhrase')]).toEqual([key, segmentSourceProblem(key, 'segmentPhrase') === null]);
    }
    const f = { ...newForm(MERCHANT_TEMPLATES[1], 'p1'), name: '到货' };
    f.keys.phrase2 = { source: 'profile.segmentPhrase', text: '' };
    f.keys.number3 = { source: 'text', text: '3' };
    f.keys.thing5 = { source: 'profile.segmentPhrase', text: '' };
    expect(campaignInput.parse(toPayload(f)).data.phrase2).toEqual({
      from: 'profile',
      field: 'segmentPhrase',
    });
  });

  it('a campaign stored with the older segmentName source loads as the segment source', () => {
    const f = { ...newForm(MERCHANT_TEMPLATES[1], 'p1'), name: '到货' };
    f.keys.thing5 = { source: 'profile.segmentPhrase', text: '' };
    const stored = { ...toPayload(f), _id: 'c9', data: { ...(toPayload(f).data as object), thing5: { from: 'profile', field: 'segmentName' } } };
    expect(formOf(stored as never).keys.thing5).toEqual({ source: 'profile.segmentPhrase', text: '' });
  });
});
