import fc from 'fast-check';
import { backoffDelay, decideRetry } from './retry-policy';
import type { SendOutcome } from './ports';

const ids = ['a', 'b', 'c'];

describe('decideRetry', () => {
  it('accepted and duplicate are done, rejected is dropped, missing is retried', () => {
    const d = decideRetry(ids, {
      kind: 'reply',
      reply: { ok: true, data: { results: [{ eventId: 'a', status: 'accepted' }, { eventId: 'b', status: 'duplicate' }] } },
    });
    expect(d).toMatchObject({ done: ['a', 'b'], drop: [], retry: ['c'], backoff: false });
    const r = decideRetry(['x'], { kind: 'reply', reply: { ok: true, data: { results: [{ eventId: 'x', status: 'rejected', code: 'INVALID_INPUT' }] } } });
    expect(r.drop).toEqual([{ eventId: 'x', code: 'INVALID_INPUT' }]);
  });

  it.each<[SendOutcome, string]>([
    [{ kind: 'network', message: 'down' }, 'network'],
    [{ kind: 'timeout' }, 'timeout'],
    [{ kind: 'http', status: 503 }, '5xx'],
    [{ kind: 'http', status: 401 }, 'no session yet'],
    [{ kind: 'reply', reply: { ok: false, error: { code: 'INTERNAL', message: 'x' } } }, 'INTERNAL'],
    [{ kind: 'reply', reply: { ok: false, error: { code: 'UNAVAILABLE', message: '系统繁忙，请稍后重试' } } }, 'database slow'],
    [{ kind: 'reply', reply: { ok: false, error: { code: 'CONSENT_REQUIRED', message: 'x' } } }, 'consent not yet on server'],
  ])('retries everything with backoff on %j (%s)', (outcome) => {
    expect(decideRetry(ids, outcome)).toMatchObject({ done: [], drop: [], retry: ids, backoff: true });
  });

  it('UNAVAILABLE (the database was slow) is a known transient refusal, not an unexpected one', () => {
    const slow: SendOutcome = { kind: 'reply', reply: { ok: false, error: { code: 'UNAVAILABLE', message: '系统繁忙，请稍后重试' } } };
    expect(decideRetry(ids, slow)).toMatchObject({ retry: ids, backoff: true, reason: 'refused: UNAVAILABLE' });
  });

  it('a batch refused as a whole shrinks; a single refused event is poison', () => {
    const bad: SendOutcome = { kind: 'reply', reply: { ok: false, error: { code: 'INVALID_INPUT', message: 'x' } } };
    expect(decideRetry(ids, bad)).toMatchObject({ retry: ids, shrink: true, backoff: false });
    expect(decideRetry(['a'], bad)).toMatchObject({ drop: [{ eventId: 'a', code: 'INVALID_INPUT' }], retry: [] });
    expect(decideRetry(['a'], { kind: 'http', status: 413 }).drop).toHaveLength(1);
  });

  it('property: every event of the batch gets exactly one fate', () => {
    const status = fc.constantFrom('accepted', 'duplicate', 'rejected', 'missing', 'weird');
    const outcome = fc.oneof(
      fc.record({ kind: fc.constant('network' as const), message: fc.string() }),
      fc.record({ kind: fc.constant('timeout' as const) }),
      fc.record({ kind: fc.constant('http' as const), status: fc.integer({ min: 100, max: 599 }) }),
      fc.record({ kind: fc.constant('reply' as const), code: fc.constantFrom('INVALID_INPUT', 'INTERNAL', 'RATE_LIMITED', 'FORBIDDEN') }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,8}$/), { minLength: 1, maxLength: 30 }), fc.array(status, { minLength: 30, maxLength: 30 }), fc.boolean(), outcome, (batch, statuses, okReply, failure) => {
        const o: SendOutcome = okReply
          ? {
              kind: 'reply',
              reply: {
                ok: true,
                data: {
                  results: batch
                    .map((eventId, i) => ({ eventId, status: statuses[i] as 'accepted' }))
                    .filter((r) => (r.status as string) !== 'missing'),
                },
              },
            }
          : failure.kind === 'reply'
            ? { kind: 'reply', reply: { ok: false, error: { code: failure.code, message: '' } } }
            : failure;
        const d = decideRetry(batch, o);
        const fates = [...d.done, ...d.drop.map((x) => x.eventId), ...d.retry];
        expect(fates.sort()).toEqual([...batch].sort());
        // retried events keep their relative order
        expect(d.retry).toEqual(batch.filter((id) => d.retry.includes(id)));
        // nothing is dropped unless the server said so about it
        if (!okReply && !d.drop.length) expect(d.done).toEqual([]);
      }),
    );
  });
});

describe('backoffDelay', () => {
  it('property: within [exp/2, exp], capped, never decreasing in expectation', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const opts = { baseMs: 1000, maxMs: 60_000 };
        const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** attempt);
        const d = backoffDelay(attempt, opts, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(exp / 2));
        expect(d).toBeLessThanOrEqual(exp);
        expect(backoffDelay(attempt + 1, opts, () => 0)).toBeGreaterThanOrEqual(backoffDelay(attempt, opts, () => 0));
      }),
    );
  });

  it('jitter spreads devices apart', () => {
    const seen = new Set([0, 0.25, 0.5, 0.75, 1].map((r) => backoffDelay(3, { baseMs: 1000, maxMs: 60_000 }, () => r)));
    expect(seen.size).toBe(5);
  });
});
