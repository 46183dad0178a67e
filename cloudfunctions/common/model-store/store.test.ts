import { judge } from './guard';
import { memoryModelStorePorts } from './memory-ports';
import { createModelStore } from './store';
import { SHIPPED } from './types';

const rule = { higherIsBetter: true, minHeldOut: 50 };
const window = { from: '2026-01-01', to: '2026-06-30', n: 1200 };
const filesOf = (v: number) => ({
  'model.onnx': Buffer.from(`graph ${v}`),
  'meta.json': Buffer.from(JSON.stringify({ name: 'sentiment', version: v })),
});

function setup() {
  let t = Date.parse('2026-07-01T00:00:00Z');
  const ports = memoryModelStorePorts(() => new Date((t += 1000)));
  return { ports, store: createModelStore(ports) };
}

const evalVs = (incumbentVersion: string, candidate: number, incumbent = 0.85) => ({
  metric: 'accuracy',
  candidate,
  incumbent,
  heldOut: 200,
  incumbentVersion,
});

describe('guard rule', () => {
  it('needs a strict gain, the minimum gain, and enough held-out data', () => {
    expect(judge(evalVs(SHIPPED, 0.86), rule).passed).toBe(true);
    expect(judge(evalVs(SHIPPED, 0.85), rule).passed).toBe(false);
    expect(judge(evalVs(SHIPPED, 0.86), { ...rule, minGain: 0.02 }).passed).toBe(false);
    expect(judge({ ...evalVs(SHIPPED, 0.99), heldOut: 10 }, rule)).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/too small/),
    });
    expect(judge({ ...evalVs(SHIPPED, 1.2, 1.3), metric: 'rmse' }, { higherIsBetter: false }).passed).toBe(
      true,
    );
  });

  it('refuses a candidate under a floor, however much better its metric is', () => {
    const floors = [{ name: 'stability_ari', value: 0.62, min: 0.8 }];
    expect(judge({ ...evalVs(SHIPPED, 0.99), floors }, rule)).toMatchObject({ passed: false, reason: 'stability_ari 0.62 below the floor 0.8' });
    expect(judge({ ...evalVs(SHIPPED, 0.99), floors: [{ ...floors[0], value: 0.8 }] }, rule).passed).toBe(true);
  });
});

describe('model store lifecycle', () => {
  it('publishes a candidate with its files in storage, then promotes it when it beats the shipped model', async () => {
    const { ports, store } = setup();
    const c = await store.publishCandidate({ model: 'sentiment', files: filesOf(1), dataWindow: window });
    expect(c).toMatchObject({ status: 'candidate', parent: SHIPPED, meta: { version: 1 } });
    expect(c.files.map((f) => f.name).sort()).toEqual(['meta.json', 'model.onnx']);
    expect((await ports.files.download(c.files[0].fileID)).toString()).toBe('graph 1');
    expect(
      await store.guard({ model: 'sentiment', version: c.version, evaluation: evalVs(SHIPPED, 0.9), rule }),
    ).toMatchObject({ promoted: true, serving: c.version });
    expect((await store.state('sentiment')).pointer).toMatchObject({
      serving: c.version,
      lastGood: null,
      rev: 1,
    });
  });

  it('never ships a candidate that does not beat the incumbent', async () => {
    const { store } = setup();
    const c = await store.publishCandidate({ model: 'sentiment', files: filesOf(1), dataWindow: window });
    const r = await store.guard({
      model: 'sentiment',
      version: c.version,
      evaluation: evalVs(SHIPPED, 0.84),
      rule,
    });
    expect(r).toMatchObject({ promoted: false, serving: SHIPPED, evaluation: { passed: false } });
    expect((await store.state('sentiment')).pointer).toBeNull();
    expect((await store.history('sentiment'))[0].status).toBe('rejected');
    await expect(
      store.guard({ model: 'sentiment', version: c.version, evaluation: evalVs(SHIPPED, 0.99), rule }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses an evaluation made against a version that no longer serves', async () => {
    const { store } = setup();
    const a = await store.publishCandidate({ model: 'sentiment', files: filesOf(1), dataWindow: window });
    const b = await store.publishCandidate({ model: 'sentiment', files: filesOf(2), dataWindow: window });
    await store.guard({ model: 'sentiment', version: a.version, evaluation: evalVs(SHIPPED, 0.9), rule });
    const r = await store.guard({
      model: 'sentiment',
      version: b.version,
      evaluation: evalVs(SHIPPED, 0.95),
      rule,
    });
    expect(r).toMatchObject({
      promoted: false,
      serving: a.version,
      evaluation: { reason: expect.stringMatching(/stale/) },
    });
  });

  it('lets exactly one of two racing promotions win (compare-and-swap on the pointer)', async () => {
    const { store } = setup();
    const cs = await Promise.all(
      [1, 2, 3].map((v) =>
        store.publishCandidate({ model: 'sentiment', files: filesOf(v), dataWindow: window }),
      ),
    );
    const rs = await Promise.all(
      cs.map((c) =>
        store.guard({ model: 'sentiment', version: c.version, evaluation: evalVs(SHIPPED, 0.9), rule }),
      ),
    );
    expect(rs.filter((r) => r.promoted)).toHaveLength(1);
    const { pointer } = await store.state('sentiment');
    expect(pointer?.rev).toBe(1);
  });

  it('retires the old version on promotion and rolls back to it or to the shipped model', async () => {
    const { store } = setup();
    const a = await store.publishCandidate({ model: 'sentiment', files: filesOf(1), dataWindow: window });
    await store.guard({ model: 'sentiment', version: a.version, evaluation: evalVs(SHIPPED, 0.9), rule });
    const b = await store.publishCandidate({ model: 'sentiment', files: filesOf(2), dataWindow: window });
    expect(b.parent).toBe(a.version);
    await store.guard({
      model: 'sentiment',
      version: b.version,
      evaluation: evalVs(a.version, 0.92, 0.9),
      rule,
    });
    expect((await store.state('sentiment')).pointer).toMatchObject({
      serving: b.version,
      lastGood: a.version,
    });
    expect((await store.history('sentiment')).map((v) => v.status)).toEqual(['serving', 'retired']);

    const p = await store.rollback({
      model: 'sentiment',
      to: a.version,
      by: 'staff-1',
      note: '新版本误判多',
    });
    expect(p).toMatchObject({
      serving: a.version,
      lastGood: null,
      change: { kind: 'rollback', by: 'staff-1', from: b.version },
    });
    expect((await store.history('sentiment')).map((v) => v.status)).toEqual(['retired', 'serving']);
    await expect(store.rollback({ model: 'sentiment', to: a.version, by: 's' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await store.rollback({ model: 'sentiment', to: SHIPPED, by: 's' })).serving).toBeNull();
  });

  it('refuses rollback to a retired version whose files retention deleted', async () => {
    const { ports, store } = setup();
    const a = await store.publishCandidate({ model: 'sentiment', files: filesOf(1), dataWindow: window });
    await store.guard({ model: 'sentiment', version: a.version, evaluation: evalVs(SHIPPED, 0.9), rule });
    const b = await store.publishCandidate({ model: 'sentiment', files: filesOf(2), dataWindow: window });
    await store.guard({ model: 'sentiment', version: b.version, evaluation: evalVs(a.version, 0.92, 0.9), rule });
    await ports.db.patchVersion('sentiment', a.version, { files: [], filesPurgedAt: new Date() });
    await expect(store.rollback({ model: 'sentiment', to: a.version, by: 's' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/保留策略/),
    });
    expect((await store.state('sentiment')).pointer?.serving).toBe(b.version);
  });

  it('refuses rollback to a version that never served, and bad input', async () => {
    const { store } = setup();
    const c = await store.publishCandidate({ model: 'sentiment', files: filesOf(1), dataWindow: window });
    await expect(store.rollback({ model: 'sentiment', to: c.version, by: 's' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(store.rollback({ model: 'sentiment', to: 'nope', by: 's' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      store.publishCandidate({ model: 'Bad/Name', files: filesOf(1), dataWindow: window }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      store.publishCandidate({
        model: 'sentiment',
        files: { 'model.onnx': Buffer.from('x') },
        dataWindow: window,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      store.publishCandidate({
        model: 'sentiment',
        files: { ...filesOf(1), '../x': Buffer.from('x') },
        dataWindow: window,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('keeps the last five load failures a registry reports', async () => {
    const { store } = setup();
    const c = await store.publishCandidate({ model: 'sentiment', files: filesOf(1), dataWindow: window });
    for (let i = 0; i < 7; i++)
      await store.reportLoadFailure('sentiment', c.version, 'session_failed', `boom ${i}`);
    const [v] = await store.history('sentiment');
    expect(v.loadFailures?.map((f) => f.message)).toEqual(['boom 2', 'boom 3', 'boom 4', 'boom 5', 'boom 6']);
  });
});
