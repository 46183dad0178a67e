import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { bucketOf, checkCloudPath, fileIdOf, InvalidCloudPathError, parseFileId } from './cloud-path';
import { FileStore } from './file-store';

describe('cloud paths', () => {
  const root = path.join(os.tmpdir(), `qx-cloud-path-${process.pid}`);
  const store = new FileStore(root);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('maps every accepted path inside the env folder (property)', () => {
    const seg = fc.oneof(
      fc.constantFrom('..', '.', '', 'a', '模型', 'x.onnx', '~', '..a'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(seg, { minLength: 1, maxLength: 5 }), (segs) => {
        const p = segs.join('/');
        let file: string;
        try {
          file = store.fileOf('env1', p);
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidCloudPathError);
          return;
        }
        expect(file.startsWith(path.join(root, 'storage', 'env1') + path.sep)).toBe(true);
        expect(path.relative(path.join(root, 'storage', 'env1'), file).split(path.sep)).not.toContain('..');
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses traversal, absolute and empty segments', () => {
    for (const p of ['..', 'a/..', '/a', 'a//b', 'a/', '', 'a\\b', 'a\u0000b'])
      expect(() => checkCloudPath(p)).toThrow(InvalidCloudPathError);
    expect(checkCloudPath('models/value/1/model.onnx')).toHaveLength(4);
  });

  it('round-trips fileIDs and refuses another bucket', () => {
    const id = fileIdOf('qx-local', 'a/b.json');
    expect(id).toBe(`cloud://qx-local.${bucketOf('qx-local')}/a/b.json`);
    expect(parseFileId(id)).toEqual({ env: 'qx-local', path: 'a/b.json' });
    expect(() => parseFileId('cloud://qx-local.wrong-bucket/a')).toThrow(InvalidCloudPathError);
    expect(() => parseFileId(`cloud://qx-local.${bucketOf('qx-local')}/../x`)).toThrow(InvalidCloudPathError);
  });
});
