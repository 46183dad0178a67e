import fc from 'fast-check';
import { memoryDb } from '../db/testing/memory-sdk';
import { artifactName, readArtifacts, storedArtifactKey, storedArtifacts } from './artifact-keys';
import { newJobRun } from './runner';
import { wxJobDb } from './wx-ports';

// Names rich in the characters that matter (`.`, `$`, `~`, hex digits after a `~`), and any string.
const name = fc.oneof(
  fc.string({ unit: fc.constantFrom('.', '$', '~', '2', 'e', '7', '4', 'a', '-', 'z', '0'), maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
);

describe('artifact keys', () => {
  it('round-trips every name, and no stored key has a "." or a leading "$"', () => {
    fc.assert(
      fc.property(name, (n) => {
        const key = storedArtifactKey(n);
        expect(key).not.toContain('.');
        expect(key.startsWith('$')).toBe(false);
        expect(artifactName(key)).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps names without ".", "$" or "~" as they are, and maps distinct names to distinct keys', () => {
    expect(storedArtifactKey('histories-0.json.gz')).toBe('histories-0~2ejson~2egz');
    expect(storedArtifactKey('fit-model')).toBe('fit-model');
    expect(storedArtifactKey('$x~2e')).toBe('~24x~7e2e');
    fc.assert(fc.property(name, name, (a, b) => a === b || storedArtifactKey(a) !== storedArtifactKey(b)));
  });

  it('reads an old run document whose keys are plain file names as they are', () => {
    const old = { 'histories-0.json.gz': 'cloud://a', 'model.onnx': 'cloud://b', 'reviews-0.json': 'cloud://c' };
    expect(readArtifacts(old)).toEqual(old);
    expect(readArtifacts(undefined)).toEqual({});
    expect(readArtifacts(storedArtifacts(old))).toEqual(old);
  });
});

describe('wxJobDb stores artifact names escaped', () => {
  it('writes escaped keys, reads names back, and carries an old plain-keyed run forward', async () => {
    const { db, tables } = memoryDb();
    const jobs = wxJobDb(db);
    const fresh = { ...newJobRun('k@1', 'k', 'timer', {}, 1), artifacts: { 'a.json': 'cloud://a' } };
    await jobs.insertRun(fresh);
    expect(tables.get('job_runs')!.get('k@1')!.artifacts).toEqual({ 'a~2ejson': 'cloud://a' });
    expect(await jobs.acquireLease('k@1', 5, 100, 'L')).toBe(true);
    expect(await jobs.saveRun('k@1', 'L', { artifacts: { 'a.json': 'cloud://a', 'b.gz': 'cloud://b' } })).toBe(true);
    expect(tables.get('job_runs')!.get('k@1')!.artifacts).toEqual({ 'a~2ejson': 'cloud://a', 'b~2egz': 'cloud://b' });
    expect((await jobs.getRun('k@1'))!.artifacts).toEqual({ 'a.json': 'cloud://a', 'b.gz': 'cloud://b' });

    // A run begun before the escape (plain names, on a server that stored them), still in flight.
    tables.get('job_runs')!.set('k@0', { ...newJobRun('k@0', 'k', 'timer', {}, 0), artifacts: { 'h-0.json': 'cloud://h' } });
    expect((await jobs.getRun('k@0'))!.artifacts).toEqual({ 'h-0.json': 'cloud://h' });
    expect(await jobs.acquireLease('k@0', 5, 100, 'M')).toBe(true);
    expect(await jobs.saveRun('k@0', 'M', { artifacts: { 'h-0.json': 'cloud://h', 'h-1.json': 'cloud://i' } })).toBe(true);
    expect(tables.get('job_runs')!.get('k@0')!.artifacts).toEqual({ 'h-0~2ejson': 'cloud://h', 'h-1~2ejson': 'cloud://i' });
    expect((await jobs.listRuns('k', 5)).map((r) => Object.keys(r.artifacts))).toEqual([['a.json', 'b.gz'], ['h-0.json', 'h-1.json']]);
  });
});
