import { EXPORT_LINK_S } from '../admin/export-file';
import type { BuyerValue, VisitorValue } from '../value/profile-value';
import { EXPORT_READING_NOTE, STORE_NOTICES } from './privacy-notices';

/** The longest text that occurs twice in `s` (overlaps allowed). */
function longestRepeat(s: string): string {
  let best = '';
  for (let i = 0; i < s.length; i++)
    for (let j = i + 1; j < s.length; j++) {
      let k = 0;
      while (j + k < s.length && s[i + k] === s[j + k]) k++;
      if (k > best.length) best = s.slice(i, i + k);
    }
  return best;
}

describe('privacy notices on 我的 and in the export', () => {
  // 我的 showed the storage notice with its deadline said twice: 「…最迟 1 天内删除（训练用的临时文件最迟 1 天内删除）」.
  it.each(STORE_NOTICES.map((n) => [n.store, `${n.what}：${n.onDelete}`]))('%s says each thing once', (_store, text) => {
    expect(longestRepeat(text).length).toBeLessThan(6);
  });
  it('the export note says each thing once', () => {
    // Field names are not phrases: churnRisk and churnReason share 「churnR」 without saying anything twice.
    expect(longestRepeat(EXPORT_READING_NOTE.replace(/[A-Za-z][A-Za-z0-9]*/g, '·')).length).toBeLessThan(6);
  });
  // An erasure deletes staff's rule-segment CSV files too (masked ids, match reasons): the notice
  // of cloud storage named only the refit files, so a customer could not know of that store.
  it('the storage notice names the rule-segment lists staff export and the link bound', () => {
    const storage = STORE_NOTICES.find((n) => n.store === 'storage');
    expect(storage?.what).toContain('自定义分群名单');
    // The minutes are written out (the app does not bundle admin code): this ties them to the link's life.
    expect(storage?.onDelete).toContain(`最多 ${EXPORT_LINK_S / 60} 分钟`);
  });
  // The export hands the profile over whole, with the value model's prediction (`value`), which
  // staff target on; the note explained `c` and `s` of the day buckets but not one of its fields.
  it("says what each field of the profile's prediction (value) holds", () => {
    // Every field of both shapes (a field added to either type must be added here to compile);
    // churnFacts is not handed over: the export words it into churnReason (privacy/readable-profile.ts).
    const buyer: Required<Omit<BuyerValue, 'stage' | 'churnFacts'>> = { purchases90d: 0, pActive: 0, spend90dFen: 0, churnRisk: 'low', churnReason: '', at: 0, version: '' };
    const visitor: VisitorValue = { stage: 'visitor', purchases90d: 0, pActive: 0, spend90dFen: 0, at: 0, version: '' };
    const bookkeeping = new Set(['at', 'version', 'stage']);
    for (const field of new Set([...Object.keys(buyer), ...Object.keys(visitor)]))
      if (!bookkeeping.has(field)) expect(EXPORT_READING_NOTE).toContain(`${field} `);
    expect(EXPORT_READING_NOTE).toContain('value 是本店对你接下来90天的估计');
    expect(EXPORT_READING_NOTE).toContain('low 低、medium 中、high 高');
  });
});
