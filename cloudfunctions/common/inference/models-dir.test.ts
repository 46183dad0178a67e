import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findModelDir, modelDirCandidates } from './models-dir';

describe('models dir resolution', () => {
  it('uses QX_MODELS_DIR alone when set', () => {
    expect(modelDirCandidates({ QX_MODELS_DIR: '/x/models' }, '/anywhere')).toEqual(['/x/models']);
  });

  it('tries next to the bundle first, then the repo models/ folder', () => {
    const c = modelDirCandidates({}, __dirname, '/');
    expect(c[0]).toBe(path.join(__dirname, 'models'));
    expect(c[1]).toBe(path.resolve(__dirname, '../../../models'));
  });

  it('falls back to the working directory when the bundle sits outside the repo', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-bundle-'));
    const repo = path.resolve(__dirname, '../../..');
    expect(modelDirCandidates({}, tmp, path.join(repo, 'scripts'))).toEqual([
      path.join(tmp, 'models'),
      path.join(repo, 'models'),
    ]);
  });

  it('finds the first candidate holding <name>/meta.json', () => {
    const a = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-a-'));
    const b = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-b-'));
    fs.mkdirSync(path.join(b, 'sentiment'));
    fs.writeFileSync(path.join(b, 'sentiment', 'meta.json'), '{}');
    expect(findModelDir('sentiment', [a, b])).toBe(path.join(b, 'sentiment'));
    expect(findModelDir('segmentation', [a, b])).toBeNull();
  });
});
