/**
 * The `track` function's boundary, fuzzed through the real runtime and SDK. Partial acceptance is
 * its design: a batch gets either a request-wide declared refusal (nothing written) or one verdict
 * per event — every refused event reported with a code — and exactly the accepted events are
 * stored, for the caller only. A client's purchase, another openid in the payload or an
 * `importFor` never becomes a fact.
 */
import fc from 'fast-check';
import { dbFingerprint, expectDeclaredAnswer, fuzzRuns, hostileEvent, hostileValue, isRefusal, Tally } from '../helpers/boundary-fuzz';
import { ev, startIngestCloud, type IngestCloud } from '../integration/track-cloud';

let c: IngestCloud;
const ME = 'o_tracker';
beforeAll(async () => {
  c = await startIngestCloud(1);
  expect((await c.call<{ ok: boolean }>('privacy', { action: 'setConsent', version: 1 }, ME)).ok).toBe(true);
});
afterAll(() => c?.close());

type Reply = { ok: boolean; data?: { results: Array<{ index: number; status: string; code?: string }>; accepted: number; duplicate: number; rejected: number } };
// RATE_LIMITED: a deep fuzz (QX_FUZZ_RUNS) may outrun the burst guard (track/ingest-guard.ts).
const CODES = ['INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'FORBIDDEN', 'CONSENT_REQUIRED', 'RATE_LIMITED'] as const;

const fixedId = ev({ eventId: 'e_dup_fixed' });
const oneEvent = hostileEvent({
  actions: [],
  valid: [
    ev(),
    ev({ name: 'add_to_cart', props: { productId: 'p2', categoryId: 'c1', quantity: 1, priceFen: 1000 } }),
    ev({ name: 'review_submit', props: { productId: 'p1', categoryId: 'c1', text: '很好', rating: 5 } }),
    ev({ name: 'purchase', props: { orderId: 'o1', amountFen: -500, items: [{ productId: 'p1', categoryId: 'c1', quantity: 1, priceFen: -500 }] } }),
    ev({ openid: 'o_victim' }),
    fixedId,
  ],
});
const batch = fc.oneof(
  { arbitrary: fc.array(oneEvent, { maxLength: 8 }).map((events) => ({ events })), weight: 4 },
  { arbitrary: fc.array(fc.constant(null), { maxLength: 3 }).map(() => ({ events: [fixedId, fixedId, ev(), ev()] })), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom('importFor', 'openid', 'sentAt', 'events', 'x'), hostileValue).map(([k, v]) => ({ events: [ev()], [k]: v })), weight: 1 },
  { arbitrary: hostileValue.map((events) => ({ events })), weight: 1 },
);
const stored = (q: Record<string, unknown>) => c.cloud.db.collection('events').count(q);

it('refuses a batch whole with a declared code, or reports every event; stores exactly the accepted, for the caller only', async () => {
  const seen = new Tally();
  let verdicts = 0;
  await fc.assert(
    fc.asyncProperty(batch, async (event) => {
      const before = dbFingerprint(c.cloud);
      const mine = stored({ openid: ME });
      const all = stored({});
      const reply = seen.add((await c.call('track', event, ME)) as Reply);
      expectDeclaredAnswer(reply, CODES);
      if (isRefusal(reply)) {
        expect(dbFingerprint(c.cloud)).toBe(before);
        return;
      }
      const d = reply.data!;
      const n = (event as { events: unknown[] }).events.length;
      expect(d.results.map((r) => r.index).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(d.accepted + d.duplicate + d.rejected).toBe(n);
      for (const r of d.results) if (r.status === 'rejected') expect(typeof r.code).toBe('string');
      verdicts += n;
      expect(stored({ openid: ME })).toBe(mine + d.accepted);
      expect(stored({})).toBe(all + d.accepted);
      expect(stored({ name: 'purchase' })).toBe(0);
    }),
    { numRuns: fuzzRuns(100) },
  );
  console.info(`[boundary/track] ${seen}; ${verdicts} per-event verdicts`);
  expect(seen.counts.ok).toBeGreaterThan(0);
}, 120_000);

it('refuses a client asking for a history import (FORBIDDEN) and an anonymous caller, writing nothing', async () => {
  const purchase = ev({ name: 'purchase', props: { orderId: 'o9', amountFen: 100, items: [{ productId: 'p1', categoryId: 'c1', quantity: 1, priceFen: 100 }] } });
  const cases = [
    [ME, { importFor: 'o_victim' }, 'FORBIDDEN'],
    [undefined, { importFor: 'o_victim' }, 'FORBIDDEN'],
    [undefined, {}, 'UNAUTHENTICATED'],
  ] as const;
  for (const [who, extra, code] of cases) {
    const before = dbFingerprint(c.cloud);
    const reply = await c.call('track', { events: [purchase], ...extra }, who);
    expectDeclaredAnswer(reply, [code]);
    expect(isRefusal(reply) && reply.error.code).toBe(code);
    expect(dbFingerprint(c.cloud)).toBe(before);
  }
});
