import { memoryModelFiles } from '../model-store/memory-ports';
import { artifactPath, putArtifact, versionKey } from './artifact-store';
import { newJobRun } from './runner';
import type { JobRun } from './types';

function setup() {
  const files = memoryModelFiles();
  const run: JobRun = newJobRun('refit:value@20261207-010000-abcd', 'refit:value', 'timer', {}, 1);
  const saved: Array<Record<string, string>> = [];
  const r = { run, saveNames: async (a: Record<string, string>) => void saved.push({ ...a }) };
  const put = (name: string, text: string) => putArtifact(files, r, name, Buffer.from(text));
  const text = async (id: string) => (await files.download(id)).toString();
  return { files, run, saved, put, text };
}

describe('putArtifact', () => {
  it('stores a first write at the run path, and every rewrite at a path never used before', async () => {
    const { files, run, put, text } = setup();
    const first = await put('fit-1.bin', 'a');
    expect(first).toBe(await files.idOf(artifactPath(run._id, 'fit-1.bin')));
    const second = await put('fit-1.bin', 'b');
    const third = await put('fit-1.bin', 'c');
    expect(new Set([first, second, third]).size).toBe(3);
    expect(run.artifacts['fit-1.bin']).toBe(third);
    expect(await text(third)).toBe('c');
    // The replaced files are deleted; each stays named under a key of its own.
    expect([...files.blobs.keys()]).toEqual([third]);
    expect(run.artifacts[versionKey('fit-1.bin')]).toBe(first);
    expect(Object.values(run.artifacts).sort()).toEqual([first, second, third, third].sort());
  });

  it('names a rewrite before storing it and moves the name only once it is stored', async () => {
    const { files, run, saved, put, text } = setup();
    const first = await put('model.json', 'old');
    const upload = files.upload;
    files.upload = async () => {
      throw new Error('the process died');
    };
    await expect(put('model.json', 'new')).rejects.toThrow('the process died');
    // The name still reads the old file; the file the upload was to be is named already.
    expect(run.artifacts['model.json']).toBe(first);
    expect(await text(first)).toBe('old');
    const pending = Object.entries(saved[saved.length - 1]).filter(([k]) => k.startsWith('model.json~') && k !== versionKey('model.json'));
    expect(pending).toHaveLength(1);
    files.upload = upload;
    const next = await put('model.json', 'new');
    expect(await text(next)).toBe('new');
    expect(Object.values(run.artifacts)).toContain(pending[0][1]);
  });

  it('keeps naming, under a lagging read of the run, a file a later rewrite stored', async () => {
    const { files, run, saved, put } = setup();
    await put('fit-1.bin', 'a');
    const lagging = { ...run.artifacts };
    const second = await put('fit-1.bin', 'b');
    // Another tick works from the map as it was before the second write (a replica behind).
    run.artifacts = lagging;
    const third = await put('fit-1.bin', 'c');
    // The stored run: every save's keys written one by one (wx-ports), so `second` keeps its own.
    const merged: Record<string, string> = Object.assign({}, ...saved);
    expect(Object.values(merged)).toEqual(expect.arrayContaining([second, third]));
    for (const id of files.blobs.keys()) expect(Object.values(merged)).toContain(id);
  });
});
