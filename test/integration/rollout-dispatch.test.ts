/**
 * `dispatch` updated over the release before per-consumption ledger entries (7698752^, kept as the
 * snapshot before-ledger-entries), both releases serving at once in the local cloud, through the
 * real wx-server-sdk: the README's "Updating a running environment" bullet on `dispatch`, pinned.
 *
 * One tick's send is answered "system busy" (-1, retried), the consent read before the retry fails,
 * so the run gives the grant back, and then taking its claim back fails too: the claim is left,
 * its consumption given back. The next tick (a lease later) recovers it. Each release reads its own
 * give-back (this release: the stamp moved to `refunds`; the release before: `lastConsumedBy` =
 * `<stamp>#refunded`) and the other's: this release's give-back of the grant's last consumption
 * writes that mark too, in the same update. So in every order the claim is released and the
 * customer gets the notice from the next pass, once, on the grant that came back. (Before this
 * release wrote the mark, a tick of the release before kept the claim after this release's
 * give-back, finding the stamp in `lastConsumedBy`, and closed it `unknown`: no notice.)
 */
import { grantId } from '../../cloudfunctions/common/dispatch/grants-ledger';
import type { FullCloud } from '../../scripts/local-cloud/cloud';
import { TcbError } from '../../scripts/local-cloud';
import type { Release } from '../../scripts/local-cloud/functions/rollout';
import { encodeOpenApiResponse } from '../../scripts/local-cloud/openapi/proto';
import { waitUntil } from '../helpers/wait-until';
import { campaignDoc, invariants, seedShop, TPL, wxOutbox } from './dispatch-fixtures';
import { startRolloutCloud, type RolloutCloud } from './rollout-cloud';

const RELEASE = 'before-ledger-entries';
const CASES: Array<[Release, Release]> = [
  ['previous', 'previous'],
  ['previous', 'current'],
  ['current', 'previous'],
  ['current', 'current'],
];
/** Each case's customer and campaign: a segment of its own, so a pass reaches that customer alone. */
const who = (i: number) => ({ openid: `disp_${i}`, segment: 901 + i, campaignId: `roll_${i}` });
/** Short enough that the second tick, a second later, finds the first tick's claim stale. */
const LEASE_MS = 1000;

type Summary = { ok: boolean; data?: { recoveredClaims: number }; error?: { code: string } };

let rc: RolloutCloud;
let cloud: FullCloud;

/**
 * The fault of one tick: the next send is answered -1 (nothing delivered, retried); from then on
 * every consent read and every outbox removal fails, until {@link fault.off}.
 */
const fault = { armed: false, failing: false, off: () => Object.assign(fault, { armed: false, failing: false }) };

jest.setTimeout(300_000);

beforeAll(async () => {
  rc = await startRolloutCloud();
  cloud = rc.cloud;
  const reg = cloud.registry;
  const openApi = reg.resolve('wx.openApi')!;
  reg.register('wx.openApi', async (req) => {
    if (!fault.armed) return openApi(req);
    Object.assign(fault, { armed: false, failing: true });
    return { kind: 'binary', body: encodeOpenApiResponse({ errcode: -1, errmsg: 'system error' }), contentType: 'application/octet-stream' };
  });
  for (const [action, coll] of [['database.getDocument', 'consents'], ['database.removeDocument', 'outbox']] as const) {
    const real = reg.resolve(action)!;
    reg.register(action, async (req) => {
      if (fault.failing && req.body.collectionName === coll) throw new TcbError('DATABASE_REQUEST_FAILED', 'database request failed');
      return real(req);
    });
  }
  await seedShop(cloud, CASES.map((_c, i) => ({ openid: who(i).openid, segment: who(i).segment, consent: 'granted', personalization: true, grants: 1 })));
  for (let i = 0; i < CASES.length; i++) {
    await cloud.db.collection('campaigns').insert(campaignDoc(who(i).campaignId, { segments: [who(i).segment], holdoutPct: 0 }));
  }
});

afterAll(() => rc?.close());

it.each(CASES.map(([a, b], i): [Release, Release, number] => [a, b, i]))('a give-back whose claim was not taken back on %s, the next tick on %s', async (first, second, i) => {
  const { openid, campaignId } = who(i);
  await cloud.runtime.startRollout('dispatch', { release: RELEASE, routing: { mode: 'sequence', releases: [first, second] } });
  const tick = async () => {
    const out = await cloud.runtime.invokeDetailed('dispatch', { action: 'run', campaignId, leaseMs: LEASE_MS, baseDelayMs: 0 }, {});
    return { reply: out.result as Summary, release: out.release };
  };
  const claim = () => cloud.db.collection('outbox').find({ campaignId, openid })[0] as { status: string; claimedAt: number; ledgerEntry?: boolean } | undefined;
  const grant = () => cloud.db.collection('grants').get(grantId(openid, TPL)) as { available: number; consumed: number; lastConsumedBy?: string; refunds?: string[] };

  fault.armed = true;
  const one = await tick();
  fault.off();
  expect(one.release).toBe(first);
  expect(one.reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  // The claim is left, its consumption given back, in each release's own way.
  const left = claim();
  expect(left).toMatchObject({ status: 'claimed' });
  expect(Boolean(left?.ledgerEntry)).toBe(first === 'current');
  const given = grant();
  expect(given).toMatchObject({ available: 1, consumed: 0 });
  if (first === 'current') expect(given.refunds).toHaveLength(1);
  // The release before reads only this field: both releases leave the mark.
  expect(given.lastConsumedBy).toMatch(/#refunded$/);

  await waitUntil(() => Date.now() > left!.claimedAt + LEASE_MS, { what: 'the claim older than a lease' });
  const two = await tick();
  expect(two.release).toBe(second);
  expect(two.reply.ok).toBe(true);
  const delivered = wxOutbox(cloud).filter((e) => e.touser === openid && e.errcode === 0).length;
  // Released and sent once, whichever release gave the grant back and whichever recovered the claim.
  expect(two.reply.data?.recoveredClaims).toBe(1);
  expect(claim()).toMatchObject({ status: 'sent' });
  expect(delivered).toBe(1);
  expect(grant()).toMatchObject({ available: 0, consumed: 1 });
  // A later tick on the same release finds nothing more to send to them.
  await tick();
  expect(wxOutbox(cloud).filter((e) => e.touser === openid && e.errcode === 0)).toHaveLength(1);
  expect(invariants(cloud)).toMatchObject({ duplicates: 0, sent_without_grant: 0 });
});
