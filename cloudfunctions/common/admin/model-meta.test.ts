import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ModelLoadError } from '../inference/errors';
import { loadSegmentMeta, resetSegmentMetaCache, segmentCatalog } from './model-meta';

describe('segment meta for the admin page', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-meta-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => resetSegmentMetaCache());

  it('an unreadable meta.json fails loudly with context, is not cached, and a repaired one is used', () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    fs.writeFileSync(path.join(dir, 'meta.json'), '{"version": "v1", "segm');
    expect(() => loadSegmentMeta(dir)).toThrow(ModelLoadError);
    expect(() => loadSegmentMeta(dir)).toThrow(/bad|cannot use .*meta\.json/);
    expect(String(errors.mock.calls[0][0])).toMatch(/segmentation meta unreadable/);
    fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ version: 'v2', segments: [] }));
    expect(loadSegmentMeta(dir)?.version).toBe('v2');
    errors.mockRestore();
  });

  it('a meta.json that is JSON but not a segmentation meta is an error too; no model at all is null', () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    fs.writeFileSync(path.join(dir, 'meta.json'), '{}');
    expect(() => loadSegmentMeta(dir)).toThrow(expect.objectContaining({ reason: 'bad_meta' }));
    expect(loadSegmentMeta(null)).toBeNull();
  });

  it("names the shipped model's segments in today's words, and a meta fitted before a rule was renamed too", () => {
    const shipped = path.resolve(__dirname, '../../../models/segmentation');
    // train:segments --names-only rewrote the shipped meta (session 23); it was fitted as 高价值忠诚客户
    expect(fs.readFileSync(path.join(shipped, 'meta.json'), 'utf8')).not.toContain('高价值忠诚客户');
    expect(segmentCatalog(loadSegmentMeta(shipped)!).get('6')?.name).toBe('忠诚高消费客户');
    // Old stored data on purpose: a meta written before the rename (an older release's, a shop's refit) is mapped on load.
    resetSegmentMetaCache();
    const old = JSON.parse(fs.readFileSync(path.join(shipped, 'meta.json'), 'utf8')) as { segments: Array<{ id: number; name: string }> };
    fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ ...old, segments: old.segments.map((s) => (s.id === 6 ? { ...s, name: '高价值忠诚客户' } : s)) }));
    const meta = loadSegmentMeta(dir)!;
    expect(meta.segments.map((s) => s.name)).toContain('忠诚高消费客户');
    expect(meta.segments.map((s) => s.name)).not.toContain('高价值忠诚客户');
    expect(segmentCatalog(meta).get('6')?.name).toBe('忠诚高消费客户');
  });
});
