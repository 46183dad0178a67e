/**
 * models/segmentation/report.md quotes what staff read on 分群 for the shipped model: each
 * segment's name and explanation in today's words (report.ts renders them so). A change of
 * wording that leaves the committed report behind fails here; the fix is to re-render its rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { segmentCatalog } from '../../../cloudfunctions/common/admin/model-meta';
import type { SegmentationMeta } from '../../../cloudfunctions/common/segments/meta';
import { withCurrentNames } from '../../../cloudfunctions/common/segments/meta';

const DIR = path.resolve(__dirname, '../../../models/segmentation');

it("the report's segment table says each shipped segment's name and explanation as 分群 does", () => {
  const meta = withCurrentNames(JSON.parse(fs.readFileSync(path.join(DIR, 'meta.json'), 'utf8')) as SegmentationMeta);
  const report = fs.readFileSync(path.join(DIR, 'report.md'), 'utf8');
  const rows = report.split('\n').filter((l) => /^\| \d+ \| /.test(l));
  expect(rows).toHaveLength(meta.segments.length);
  const catalog = segmentCatalog(meta);
  for (const s of meta.segments) {
    const row = rows.find((l) => l.startsWith(`| ${s.id} | `))!.split(' | ');
    expect(row[1]).toBe(catalog.get(String(s.id))!.name);
    expect(row[4].replace(/ \|$/, '')).toBe(catalog.get(String(s.id))!.explanation);
  }
});
