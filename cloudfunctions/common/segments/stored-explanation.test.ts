import fs from 'node:fs';
import path from 'node:path';
import { segmentCatalog } from '../admin/model-meta';
import type { SegmentationMeta } from './meta';
import { storedExplanation } from './stored-explanation';

const SHIPPED = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../models/segmentation/meta.json'), 'utf8')) as SegmentationMeta;
/** A text with its figures taken out: what must not change when only the wording of figures does. */
const shape = (t: string) => t.replace(/约|不到/g, '').replace(/\d+(\.\d+)?/g, '#');

describe("a segment's explanation from the model's stored fields", () => {
  it('is the text the fit wrote, with the typical customer no longer a fraction (staff see it on 分群)', () => {
    expect(SHIPPED.segments.some((s) => /\d\.\d次/.test(s.explanation))).toBe(true); // the shipped text did
    const catalog = segmentCatalog(SHIPPED);
    for (const s of SHIPPED.segments) {
      const said = catalog.get(String(s.id))!.explanation;
      expect(said).toBe(storedExplanation(SHIPPED, s));
      expect(shape(said)).toBe(shape(s.explanation));
      expect(said).not.toMatch(/\d\.\d/);
    }
  });

  it('keeps the stored text when the fields to rebuild it are missing', () => {
    const s = { ...SHIPPED.segments[0], z: [] };
    expect(storedExplanation(SHIPPED, s)).toBe(s.explanation);
  });
});
