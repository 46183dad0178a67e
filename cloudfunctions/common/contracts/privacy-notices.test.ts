import { EXPORT_LINK_S } from '../admin/export-file';
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
    expect(longestRepeat(EXPORT_READING_NOTE).length).toBeLessThan(6);
  });
  // An erasure deletes staff's rule-segment CSV files too (masked ids, match reasons): the notice
  // of cloud storage named only the refit files, so a customer could not know of that store.
  it('the storage notice names the rule-segment lists staff export and the link bound', () => {
    const storage = STORE_NOTICES.find((n) => n.store === 'storage');
    expect(storage?.what).toContain('自定义分群名单');
    // The minutes are written out (the app does not bundle admin code): this ties them to the link's life.
    expect(storage?.onDelete).toContain(`最多 ${EXPORT_LINK_S / 60} 分钟`);
  });
});
