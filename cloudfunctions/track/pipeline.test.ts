import fc from 'fast-check';
import type { TrackContext } from './context';
import { handleTrack } from './pipeline';
import { findForbiddenKey, validateEvent } from './steps/validate-events';
import { deletionDuringInsert, memoryPorts, type BatchInsertMode, type MemoryPorts } from './testing/memory-ports';

const NOW = Date.UTC(2025, 0, 1);
let k = 0;
const ev = (over: Record<string, unknown> = {}) => ({
  eventId: `e${++k}`,
  name: 'product_view',
  seq: k,
  deviceId: 'd1',
  sessionId: 's1',
  clientTs: NOW - 1000,
  props: { productId: 'p1', categoryId: 'c1' },
  ...over,
});

function ctx(ports: MemoryPorts, openid: string | undefined = 'u1', batchId = `b${++k}`): TrackContext {
  return { openid, trust: 'client', now: NOW, batchId, ports, scorer: null, log: () => undefined, profile: 'none' };
}
function consenting(mode: BatchInsertMode = 'ordered'): MemoryPorts {
  const p = memoryPorts(mode);
  p.consentDocs.set('u1', {
    _id: 'u1',
    openid: 'u1',
    version: 1,
    granted: true,
    grantedAt: 1,
    personalization: true,
  });
  return p;
}

describe('validate-events', () => {
  it('rejects any `$` key, dotted key, empty key or key holding NUL anywhere in the event (property)', () => {
    const bad = fc.oneof(
      fc.string().map((s) => `$${s}`),
      fc.tuple(fc.string(), fc.string()).map(([a, b]) => `${a}.${b}`),
      fc.constant(''),
      fc.tuple(fc.string(), fc.string()).map(([a, b]) => `${a}\u0000${b}`),
    );
    fc.assert(
      fc.property(bad, fc.constantFrom('top', 'props', 'deep'), (key, where) => {
        const e: Record<string, unknown> & { props: Record<string, unknown> } = ev();
        if (where === 'top') e[key] = 1;
        else if (where === 'props') e.props[key] = 1;
        else e.props = { ...e.props, nested: { [key]: { x: 1 } } };
        const o = validateEvent(e);
        expect(o.kind === 'drop' && o.reason).toBe('INVALID_KEY');
      }),
    );
  });

  it('accepts well-formed events of random valid shapes and never throws on junk (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (junk) => expect(['ok', 'drop']).toContain(validateEvent(junk).kind)),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 1, max: 999 }),
        (priceFen, quantity) => {
          expect(
            validateEvent(
              ev({ name: 'add_to_cart', props: { productId: 'p', categoryId: 'c', quantity, priceFen } }),
            ).kind,
          ).toBe('ok');
        },
      ),
    );
  });

  it('gives each refusal a stable code', () => {
    const code = (e: unknown) => {
      const o = validateEvent(e);
      return o.kind === 'drop' ? o.reason : o.kind;
    };
    expect(code(null)).toBe('INVALID_EVENT');
    expect(code(ev({ name: 'nope' }))).toBe('UNKNOWN_EVENT');
    expect(
      code(ev({ name: 'review_submit', props: { productId: 'p', text: 'x'.repeat(2001), rating: 5 } })),
    ).toBe('TEXT_TOO_LONG');
    expect(code(ev({ props: { productId: 'p', categoryId: 'c', extra: 1 } }))).toBe('INVALID_EVENT');
    expect(code(ev({ openid: 'someone-else' }))).toBe('ok');
    const purchase = { orderId: 'o1', amountFen: 100, items: [{ productId: 'p1', categoryId: 'c1', quantity: 1, priceFen: 100 }] };
    expect(code(ev({ name: 'purchase', props: purchase }))).toBe('SERVER_FACT');
    expect(code(ev({ name: 'order_submit', props: purchase }))).toBe('SERVER_FACT');
    expect(validateEvent(ev({ name: 'purchase', props: purchase }), 'import').kind).toBe('ok');
    expect(code(ev({ clientTs: 0 }))).toBe('INVALID_EVENT');
    expect(code(ev({ seq: 1e300 }))).toBe('INVALID_EVENT');
    expect(code(ev({ name: 'add_to_cart', props: { productId: 'p1', categoryId: 'c1', quantity: 1, priceFen: 1e11 } }))).toBe('INVALID_EVENT');
    expect(findForbiddenKey({ a: [{ b: { 'c.d': 1 } }] })).toBe('a[0].b.c.d');
  });
});

describe.each(['atomic', 'ordered'] as const)('the track pipeline (in-memory ports, %s batch inserts)', (mode) => {
  it('refuses without identity or consent, before storing anything', async () => {
    const p = memoryPorts(mode);
    await expect(handleTrack({ events: [ev()] }, { ...ctx(p), openid: undefined })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    // Not event by event either: a batch of invalid events (or no valid request at all) is refused whole.
    for (const raw of [{ events: [ev({ name: 'teleport' })] }, { events: [] }, 'x'])
      await expect(handleTrack(raw, { ...ctx(p), openid: undefined })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(handleTrack({ events: [ev()] }, ctx(p))).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' });
    expect(p.eventDocs.size).toBe(0);
  });

  it('applies each event once under concurrent retries of the same batch', async () => {
    const p = consenting(mode);
    const batch = { events: Array.from({ length: 20 }, () => ev()) };
    const replies = await Promise.all(Array.from({ length: 5 }, () => handleTrack(batch, ctx(p))));
    expect(replies.reduce((s, r) => s + r.accepted, 0)).toBe(20);
    expect(replies.reduce((s, r) => s + r.duplicate, 0)).toBe(80);
    const prof = p.profileDocs.get('u1')!;
    expect(Object.values(prof.d)[0].pv).toBe(20);
    expect(prof.pendingCount).toBe(0);
  });

  it('leaves a pending mark and says deferred when the profile update fails after storing', async () => {
    const p = consenting(mode);
    p.failNextApply = true;
    const r = await handleTrack({ events: [ev(), ev()] }, ctx(p, 'u1', 'bcrash'));
    expect(r).toMatchObject({ accepted: 2, profile: 'deferred' });
    expect(p.eventDocs.size).toBe(2);
    expect(p.profileDocs.get('u1')!.pending).toEqual({ bcrash: NOW });
    const retry = await handleTrack(
      { events: [...r.results.map((x) => ({ ...ev(), eventId: x.eventId }))] },
      ctx(p),
    );
    expect(retry.duplicate).toBe(2);
  });

  it('dead-letters an event the store refuses on its own, keeps its neighbours', async () => {
    const p = consenting(mode);
    const first = ev();
    await handleTrack({ events: [first] }, ctx(p));
    const poison = ev();
    // the duplicate first makes the batch insert fail before the poison is even reached
    p.refuse = (doc) => (doc.eventId === poison.eventId ? 'document too large' : null);
    const r = await handleTrack({ events: [first, poison, ev()] }, ctx(p));
    expect(r.results.map((x) => `${x.status}:${x.code ?? ''}`)).toEqual([
      'duplicate:DUPLICATE',
      'rejected:DEAD_LETTERED',
      'accepted:',
    ]);
    expect(p.dead).toEqual([expect.objectContaining({ openid: 'u1', step: 'store-events', event: poison })]);
    expect(p.profileDocs.get('u1')!.pendingCount).toBe(0);
  });

  it('counts the events a refused batch insert kept (ordered prefix) as its own, exactly once', async () => {
    const p = consenting(mode);
    const old = ev();
    await handleTrack({ events: [old] }, ctx(p));
    const r = await handleTrack({ events: [ev(), old, ev()] }, ctx(p));
    expect(r.results.map((x) => x.status)).toEqual(['accepted', 'duplicate', 'accepted']);
    expect(Object.values(p.profileDocs.get('u1')!.d)[0].pv).toBe(3);
    expect(p.profileDocs.get('u1')!.pendingCount).toBe(0);
  });

  it('clamps a client clock that runs ahead and flags it', async () => {
    const p = consenting(mode);
    await handleTrack({ events: [ev({ clientTs: NOW + 3_600_000 })] }, ctx(p));
    const [doc] = [...p.eventDocs.values()];
    expect(doc.ts).toBe(NOW);
    expect(doc.skewed).toBe(true);
  });

  it('rejects products outside the catalog and categories that are not the product\'s', async () => {
    const p = consenting();
    const r = await handleTrack(
      {
        events: [
          ev({ props: { productId: 'nope', categoryId: 'c1' } }),
          ev({ props: { productId: 'p1', categoryId: 'cMadeUp' } }),
          ev({ name: 'favorite', props: { productId: 'q2', categoryId: 'c2', on: true } }),
        ],
      },
      ctx(p),
    );
    expect(r.results.map((x) => x.code ?? x.status)).toEqual(['UNKNOWN_PRODUCT', 'CATEGORY_MISMATCH', 'accepted']);
    expect(p.eventDocs.size).toBe(1);
    expect(Object.keys(Object.values(p.profileDocs.get('u1')!.d)[0].c ?? {})).toEqual(['cc2']);
  });

  it('floors client event time at the consent and at eight days back: clamped to receipt, flagged', async () => {
    const p = consenting();
    p.consentDocs.get('u1')!.grantedAt = NOW - 3_600_000;
    await handleTrack(
      { events: [ev({ clientTs: NOW - 2 * 3_600_000 }), ev({ clientTs: Date.UTC(2001, 0, 1) }), ev({ clientTs: NOW - 60_000 })] },
      ctx(p),
    );
    expect([...p.eventDocs.values()].map((d) => [d.ts, d.skewed ?? false])).toEqual([
      [NOW, true],
      [NOW, true],
      [NOW - 60_000, false],
    ]);
    expect(p.profileDocs.get('u1')!.firstSeenAt).toBe(NOW - 60_000);
  });

  it('a trusted import keeps history: purchases, old times and delisted products', async () => {
    const p = consenting();
    const purchase = { orderId: 'o1', amountFen: 500, items: [{ productId: 'gone', categoryId: 'c9', quantity: 1, priceFen: 500 }] };
    const r = await handleTrack(
      { events: [ev({ name: 'purchase', clientTs: Date.UTC(2017, 10, 25), props: purchase })], importFor: 'u1' },
      { ...ctx(p), trust: 'import' },
    );
    expect(r.accepted).toBe(1);
    expect(Object.values(p.profileDocs.get('u1')!.d)[0]).toMatchObject({ pu: 1, fen: 500 });
  });

  it('stores review sentiment from the scorer port in permille, and survives a failing scorer', async () => {
    const p = consenting(mode);
    const review = () => ev({ name: 'review_submit', props: { productId: 'p1', text: '很好', rating: 5 } });
    await handleTrack(
      { events: [review()] },
      { ...ctx(p), scorer: async (t) => t.map(() => ({ positive: 0.8734 })) },
    );
    await handleTrack(
      { events: [review()] },
      { ...ctx(p), scorer: async () => Promise.reject(new Error('model down')) },
    );
    const docs = [...p.eventDocs.values()];
    expect(docs.map((d) => d.sentiment)).toEqual([873, undefined]);
    expect(Object.values(p.profileDocs.get('u1')!.d)[0]).toMatchObject({ rv: 2, rs: 1, rp: 873 });
  });

  it('a warm customer costs three database requests a batch: consent and pending mark in one update', async () => {
    const p = consenting(mode);
    await handleTrack({ events: [ev()] }, ctx(p)); // first batch: reads the consent record, writes the mirror
    const calls: string[] = [];
    for (const store of ['events', 'profiles', 'consents', 'deadLetters'] as const) {
      const port = p[store] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      for (const [m, f] of Object.entries(port)) port[m] = (...a) => (calls.push(`${store}.${m}`), f(...a));
    }
    const r = await handleTrack({ events: [ev(), ev(), ev()] }, ctx(p));
    expect(r).toMatchObject({ accepted: 3, profile: 'applied' });
    expect(calls).toEqual(['profiles.openBatch', 'events.insertMany', 'profiles.applySpec']);
    expect(p.profileDocs.get('u1')).toMatchObject({ consentV: 1, pendingCount: 0 });
  });

  it('goes back to the consent record when the mirror is for an older policy, and refuses an old consent', async () => {
    const p = consenting(mode);
    await handleTrack({ events: [ev()] }, ctx(p));
    p.profileDocs.get('u1')!.consentV = 0;
    p.consentDocs.set('u1', { ...p.consentDocs.get('u1')!, version: 0 });
    await expect(handleTrack({ events: [ev()] }, ctx(p))).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' });
    expect(p.eventDocs.size).toBe(1);
  });

  it('erases the customer when a withdrawal erases the profile while a warm batch stores', async () => {
    const p = consenting(mode);
    await handleTrack({ events: [ev()] }, ctx(p));
    const insert = p.events.insertMany;
    p.events.insertMany = async (docs) => {
      // privacy.withdrawConsent lands between open-batch and the insert: revoke, erase profile, erase events
      p.consentDocs.delete('u1');
      p.profileDocs.delete('u1');
      await p.events.removeCustomer('u1');
      return insert(docs);
    };
    await expect(handleTrack({ events: [ev(), ev()] }, ctx(p))).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' });
    expect(p.eventDocs.size).toBe(0);
    expect(p.profileDocs.size).toBe(0);
  });

  it('keeps nothing of a batch that a deletion (consent kept) overlapped, warm or cold', async () => {
    for (const warm of [true, false]) {
      const p = consenting(mode);
      if (warm) await handleTrack({ events: [ev()] }, ctx(p));
      deletionDuringInsert(p, 'u1', NOW + 10); // between open-batch and the insert
      const reply = await handleTrack({ events: [ev(), ev()] }, ctx(p));
      expect([warm, p.eventDocs.size, p.profileDocs.size]).toEqual([warm, 0, 0]);
      expect(reply.results.map((r) => [r.status, r.code])).toEqual([['rejected', 'ERASED'], ['rejected', 'ERASED']]);
    }
  });

  it('keeps no dead letter of a batch a deletion overlapped (its raw event would outlive the erasure)', async () => {
    const p = consenting(mode);
    await handleTrack({ events: [ev()] }, ctx(p));
    const poison = ev();
    p.refuse = (doc) => (doc.eventId === poison.eventId ? 'document too large' : null);
    deletionDuringInsert(p, 'u1', NOW + 10);
    const reply = await handleTrack({ events: [ev(), poison] }, ctx(p));
    expect(p.dead).toEqual([]);
    expect([p.eventDocs.size, p.profileDocs.size]).toEqual([0, 0]);
    expect(reply.results.map((r) => r.code)).toEqual(['ERASED', 'ERASED']);
  });

  it('a batch after a deletion long finished is stored as usual', async () => {
    const p = consenting(mode);
    p.consentDocs.set('u1', { ...p.consentDocs.get('u1')!, erasedAt: NOW - 10 * 60_000, erasureDoneAt: NOW - 10 * 60_000 } as never);
    const reply = await handleTrack({ events: [ev()] }, ctx(p));
    expect(reply.accepted).toBe(1);
    expect(p.eventDocs.size).toBe(1);
  });

  it('drops what it wrote when consent is withdrawn while the batch is in flight', async () => {
    const p = consenting(mode);
    const orig = p.consents.get;
    let calls = 0;
    p.consents.get = async (id) => (++calls === 1 ? orig(id) : null);
    await expect(handleTrack({ events: [ev()] }, ctx(p))).rejects.toMatchObject({ code: 'CONSENT_REQUIRED' });
    expect(p.eventDocs.size).toBe(0);
    expect(p.profileDocs.size).toBe(0);
  });
});
