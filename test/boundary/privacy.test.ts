/**
 * The `privacy` function's boundary, fuzzed through the real runtime and SDK: any customer event
 * gets success or a declared refusal, a refusal writes nothing, and whatever the event claims
 * (openid, userInfo, _openid) every action reads and changes only the caller's own data.
 */
import fc from 'fast-check';
import { CLAIM_KEYS, dbFingerprint, expectDeclaredAnswer, fuzzRuns, hostileEvent, isRefusal, Tally } from '../helpers/boundary-fuzz';
import { ev, startIngestCloud, type IngestCloud } from '../integration/track-cloud';

let c: IngestCloud;
const VICTIM = 'o_victim';
beforeAll(async () => {
  c = await startIngestCloud(1);
  await c.call('privacy', { action: 'setConsent', version: 1 }, VICTIM);
  await c.importAs(VICTIM, [ev(), ev({ props: { productId: 'p2', categoryId: 'c1' } })]);
});
afterAll(() => c?.close());

const CODES = ['INVALID_INPUT', 'PAYLOAD_TOO_LARGE', 'UNKNOWN_ACTION'] as const;
const ACTIONS = ['getConsent', 'setConsent', 'withdrawConsent', 'setPersonalization', 'exportMyData', 'deleteMyData', 'me'];
const target = {
  actions: ACTIONS,
  valid: [
    { action: 'getConsent' },
    { action: 'setConsent', version: 1 },
    { action: 'setPersonalization', enabled: false },
    { action: 'exportMyData', cursor: 'x' },
    { action: 'me' },
    { action: 'withdrawConsent' },
    { action: 'deleteMyData' },
  ],
};

/** Everything stored about the victim: no call by anyone else may change it. */
const victimState = () =>
  JSON.stringify(
    ['consents', 'profiles', 'events', 'grants', 'orders'].map((n) => c.cloud.db.collection(n).find(n === 'consents' || n === 'profiles' ? { _id: VICTIM } : { openid: VICTIM })),
  );

it('answers any customer event with success or a declared refusal; a refusal writes nothing; the victim is untouched', async () => {
  const seen = new Tally();
  const victim = victimState();
  expect(JSON.parse(victim)[2]).toHaveLength(2);
  await fc.assert(
    fc.asyncProperty(hostileEvent(target), fc.constantFrom(null, null, null, 'openid', 'userInfo', ...CLAIM_KEYS), async (event, claimKey) => {
      const e = claimKey && event && typeof event === 'object' && !Array.isArray(event) ? { ...(event as object), [claimKey]: claimKey === 'userInfo' ? { openId: VICTIM } : VICTIM } : event;
      const before = dbFingerprint(c.cloud);
      const reply = seen.add(await c.call('privacy', e, 'o_fuzz'));
      expectDeclaredAnswer(reply, CODES);
      if (isRefusal(reply)) expect(dbFingerprint(c.cloud)).toBe(before);
      else expect(JSON.stringify(reply)).not.toContain(VICTIM);
      expect(victimState()).toBe(victim);
    }),
    { numRuns: fuzzRuns(200) },
  );
  console.info(`[boundary/privacy] ${seen}`);
  expect(seen.counts.ok).toBeGreaterThan(0);
}, 120_000);

it('refuses a call without an OPENID (UNAUTHENTICATED) for any event', async () => {
  await fc.assert(
    fc.asyncProperty(hostileEvent(target), async (event) => {
      const before = dbFingerprint(c.cloud);
      const reply = await c.call('privacy', event, undefined);
      expectDeclaredAnswer(reply, ['UNAUTHENTICATED']);
      expect(dbFingerprint(c.cloud)).toBe(before);
    }),
    { numRuns: fuzzRuns(30) },
  );
});
