import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SegmentationMeta } from '../../../cloudfunctions/common/segments/meta';
import { NamesOnlyError, rewriteNames } from './names-only';

const SHIPPED = path.resolve(__dirname, '../../../models/segmentation');
const OLD = '高价值忠诚客户';
const NOW = '忠诚高消费客户';
const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

describe('train:segments --names-only', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-names-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const shipped = JSON.parse(fs.readFileSync(path.join(SHIPPED, 'meta.json'), 'utf8')) as SegmentationMeta;
  /** The shipped model as it was fitted: segment 6 under the name its rule had before session 21. */
  const fittedBeforeRename = { ...shipped, segments: shipped.segments.map((s) => (s.id === 6 ? { ...s, name: OLD } : s)) };

  beforeEach(() => {
    fs.copyFileSync(path.join(SHIPPED, 'model.onnx'), path.join(dir, 'model.onnx'));
    fs.writeFileSync(path.join(dir, 'meta.json'), `${JSON.stringify(fittedBeforeRename, null, 2)}\n`);
  });

  it("renames only the old name: every other byte of meta.json and all of model.onnx stay as trained", () => {
    const onnx = sha(path.join(dir, 'model.onnx'));
    const before = fs.readFileSync(path.join(dir, 'meta.json'), 'utf8');
    expect(rewriteNames(dir)).toEqual({ version: shipped.version, renamed: [{ id: 6, from: OLD, to: NOW }], written: true });
    const after = fs.readFileSync(path.join(dir, 'meta.json'), 'utf8');
    expect(after).toBe(before.replace(`"name": "${OLD}"`, `"name": "${NOW}"`));
    expect(after).not.toContain(OLD);
    expect(sha(path.join(dir, 'model.onnx'))).toBe(onnx);
    // a second run finds nothing to rename and leaves the file alone
    expect(rewriteNames(dir)).toEqual({ version: shipped.version, renamed: [], written: false });
    expect(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')).toBe(after);
  });

  it('the shipped meta is what --names-only writes from the meta as fitted (nothing hand-edited)', () => {
    rewriteNames(dir);
    expect(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')).toBe(fs.readFileSync(path.join(SHIPPED, 'meta.json'), 'utf8'));
  });

  it('refuses a meta that is not the model\'s (another version) and a directory without a model', () => {
    fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ ...fittedBeforeRename, version: 'seg-209901010000-000000' }));
    expect(() => rewriteNames(dir)).toThrow(NamesOnlyError);
    expect(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')).toContain(OLD); // untouched
    fs.rmSync(path.join(dir, 'model.onnx'));
    expect(() => rewriteNames(dir)).toThrow(/needs a trained model/);
  });
});
