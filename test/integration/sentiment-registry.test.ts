/** @jest-environment ./scripts/train/onnx/jest-ort-environment.js */
/**
 * The registry with the real sentiment model files: a model whose meta.json was made for another
 * featurizer, or whose graph inputs drift, is refused with a named error; bad input is named too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  FeatureHashMismatchError,
  forgetModels,
  ModelLoadError,
  scoreSentiment,
  SentimentInputError,
} from '../../cloudfunctions/common/inference';

const SRC = path.resolve(__dirname, '../../models/sentiment');
let dir: string;
const saved = process.env.QX_MODELS_DIR;

function copyModel(patch: (meta: Record<string, unknown>) => void): void {
  fs.mkdirSync(path.join(dir, 'sentiment'), { recursive: true });
  fs.copyFileSync(path.join(SRC, 'model.onnx'), path.join(dir, 'sentiment', 'model.onnx'));
  const meta = JSON.parse(fs.readFileSync(path.join(SRC, 'meta.json'), 'utf8'));
  patch(meta);
  fs.writeFileSync(path.join(dir, 'sentiment', 'meta.json'), JSON.stringify(meta));
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-sent-'));
  process.env.QX_MODELS_DIR = dir;
  forgetModels();
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.QX_MODELS_DIR;
  else process.env.QX_MODELS_DIR = saved;
  forgetModels();
});

describe('sentiment model loading through the registry', () => {
  it('scores with an intact copy of the shipped model', async () => {
    copyModel(() => undefined);
    const [good, bad] = await scoreSentiment(['包装很好，发货也快，满意', '收到就是坏的，退货还不给退']);
    expect(good.label).toBe('positive');
    expect(bad.label).toBe('negative');
    expect(good.positive).toBeGreaterThan(0.5);
  });

  it('refuses a model trained with another featurizer (FeatureHashMismatchError)', async () => {
    copyModel((m) => (m.featureHash = '0'.repeat(64)));
    const err = await scoreSentiment(['好']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeatureHashMismatchError);
    expect((err as Error).message).toMatch(/refusing to load/);
  });

  it('refuses meta inputs that differ from what the code feeds', async () => {
    copyModel((m) => (m.inputs = [{ name: 'ids', type: 'int64', dims: ['batch', 'len'] }]));
    await expect(scoreSentiment(['好'])).rejects.toMatchObject({
      name: 'ModelIoMismatchError',
      reason: 'io_mismatch',
    });
  });

  it('reports a missing model as ModelLoadError(not_found)', async () => {
    const err = await scoreSentiment(['好']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelLoadError);
    expect((err as ModelLoadError).reason).toBe('not_found');
  });

  it('names bad input and handles empty calls', async () => {
    copyModel(() => undefined);
    await expect(scoreSentiment([1 as unknown as string])).rejects.toBeInstanceOf(SentimentInputError);
    await expect(scoreSentiment([])).resolves.toEqual([]);
  });
});
