import { createModelStore, memoryModelStorePorts } from '../model-store';
import { MODEL_FILE, servedValueModel, ValueModelFileError, VALUE_MODEL } from './served-model';

async function serving(content: string) {
  const ports = memoryModelStorePorts();
  const store = createModelStore(ports);
  const c = await store.publishCandidate({
    model: VALUE_MODEL,
    files: { [MODEL_FILE]: Buffer.from(content), 'meta.json': Buffer.from('{}') },
    dataWindow: { from: '2026-01-01', to: '2026-12-01', n: 40 },
  });
  await store.guard({
    model: VALUE_MODEL,
    version: c.version,
    evaluation: { metric: 'rmse', candidate: 1, incumbent: 2, heldOut: 40, incumbentVersion: 'shipped' },
    rule: { higherIsBetter: false },
  });
  return { ports, store, version: c.version };
}

describe('served value model', () => {
  it('is none until a version serves, then that version', async () => {
    expect(await servedValueModel(createModelStore(memoryModelStorePorts()))).toBeNull();
    const { store, version } = await serving('{"end":1,"horizonDays":90}');
    expect(await servedValueModel(store)).toMatchObject({ version, model: { end: 1, horizonDays: 90 } });
  });

  it('refuses a file that does not match its hash and reports it on the version', async () => {
    const { ports, store, version } = await serving('{"end":2,"horizonDays":90}');
    const [id] = [...ports.files.blobs.keys()].filter((k) => k.endsWith(MODEL_FILE));
    ports.files.blobs.set(id, Buffer.from('{"end":3,"horizonDays":90}'));
    await expect(servedValueModel(store)).rejects.toBeInstanceOf(ValueModelFileError);
    expect((await store.version(VALUE_MODEL, version))?.loadFailures).toEqual([
      expect.objectContaining({ reason: 'bad_file', message: expect.stringContaining('sha256') }),
    ]);
  });
});
