/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeFeatures, computeRawFeatures, FEATURE_NAMES } from '../features';
import { foldEvents } from '../profile';
import type { StoredEvent } from '../profile/types';
import { checkMeta, FeatureSpecMismatchError, loadSegmentationModel, ModelLoadError, resolveModelDir } from './segmentation-model';
import { toAssignment, UnknownSegmentError } from './segmentation-post';

const dir = resolveModelDir('segmentation');
const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
const NOW = Date.UTC(2026, 0, 15);
const DAY = 86_400_000;

function event(name: StoredEvent['name'], daysAgo: number, props: Record<string, unknown>, i: number): StoredEvent {
  const ts = NOW - daysAgo * DAY;
  return { _id: `u:${i}`, openid: 'u', eventId: String(i), name, ts, clientTs: ts, receivedAt: ts, sessionId: `s${daysAgo}`, deviceId: 'd', seq: i, props, applied: true };
}
const buy = (d: number, fen: number, i: number) => event('purchase', d, { orderId: `o${i}`, amountFen: fen, items: [{ productId: 'p', categoryId: 'c', quantity: 1, priceFen: fen }] }, i);

describe('segmentation model (shipped files)', () => {
  it('checks meta against the code and refuses a different feature spec', () => {
    expect(() => checkMeta(meta)).not.toThrow();
    expect(() => checkMeta({ ...meta, featureSpecHash: 'f'.repeat(64) })).toThrow(FeatureSpecMismatchError);
    expect(() => checkMeta({ ...meta, inputs: [{ name: 'x', dtype: 'float32', shape: ['N', 3] }] })).toThrow(ModelLoadError);
  });

  it('refuses to load from a folder without a model, with a clear error', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-nomodel-'));
    await expect(loadSegmentationModel(empty)).rejects.toThrow(/cannot read .*meta\.json/);
    fs.copyFileSync(path.join(dir, 'meta.json'), path.join(empty, 'meta.json'));
    fs.writeFileSync(path.join(empty, 'model.onnx'), 'not a model');
    await expect(loadSegmentationModel(empty)).rejects.toThrow(ModelLoadError);
    fs.rmSync(empty, { recursive: true, force: true });
  });

  it('scores real profiles in batches: a loyal buyer and a long-gone one land in different named segments', async () => {
    const model = await loadSegmentationModel(dir, 4);
    const loyal = foldEvents([buy(2, 30000, 1), buy(9, 25000, 2), buy(20, 40000, 3), buy(40, 20000, 4), buy(70, 30000, 5), buy(100, 30000, 6)]);
    const gone = foldEvents([buy(380, 1500, 1)]);
    const rows = [loyal, gone, loyal, gone, loyal, gone];
    const inputs = rows.map((p) => computeFeatures(p, NOW));
    const out = await model.score(inputs);
    expect(out.segment).toHaveLength(6);
    expect(out.distances).toHaveLength(6 * meta.segments.length);
    expect(out.segment[0]).toBe(out.segment[2]);
    expect(out.segment[0]).not.toBe(out.segment[1]);
    const raw = (p: typeof loyal) => FEATURE_NAMES.map((f) => computeRawFeatures(p, NOW)[f] ?? NaN);
    const a = toAssignment(meta, out.segment[0], inputs[0], raw(loyal));
    const b = toAssignment(meta, out.segment[1], inputs[1], raw(gone));
    expect(a.segmentName).toMatch(/高价值|活跃/);
    expect(b.segmentName).toMatch(/沉睡/);
    expect(a.segmentReasons.length).toBeGreaterThan(0);
    expect(a.segmentReasons.join()).toMatch(/高于一般客户|比一般客户/);
    expect(() => toAssignment(meta, 999, inputs[0], raw(loyal))).toThrow(UnknownSegmentError);
    await expect(model.score([[1, 2, 3]])).rejects.toThrow(/needs 18/);
  });
});
