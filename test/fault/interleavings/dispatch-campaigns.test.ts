/**
 * Two campaigns sending to the same customer, who granted two notices of the template, in every
 * order their database requests can take (cloudfunctions/common/db/testing/interleavings.ts),
 * while a campaign's grant consumption is stored with its answer lost and its read-back (and its
 * claim's take-back) fail, or is refused and its process dies. After the next tick: each campaign sent exactly once (no grant lost,
 * no notice lost: nothing died and WeChat accepted every call), never two sends on one grant, and
 * the ledger holds what it was given (consumed + available = 2).
 *
 * Each case runs once per errCode a failure of its kind can arrive with (crash-codes.ts, the
 * crash-point explorer's table): wx-server-sdk 4.0.2 gives a lost answer as -501001, -501002 or -1
 * and a refusal as -501001 or -502001, so code that trusts one of them is caught here.
 *
 * Gated: every request on grants and outbox, the only collections the two share.
 */
import { COLLECTIONS } from '../../../cloudfunctions/common/contracts/collections';
import { CRASH_CODES, crashError } from '../../../cloudfunctions/common/db/testing/crash-codes';
import { crashingSdk, type RequestHook } from '../../../cloudfunctions/common/db/testing/crash-points';
import { exploreInterleavings, type Gate } from '../../../cloudfunctions/common/db/testing/interleavings';
import { memorySdk } from '../../../cloudfunctions/common/db/testing/memory-sdk';
import { Db } from '../../../cloudfunctions/common/db/wx-db';
import { grantId } from '../../../cloudfunctions/common/dispatch/grants-ledger';
import { outboxId } from '../../../cloudfunctions/common/dispatch/outbox';
import { sendOne, type Sender, type SubscribeMessage } from '../../../cloudfunctions/common/dispatch/send-one';
import { wechatSend } from '../../../cloudfunctions/common/dispatch/testing/wechat-send';
import { releaseUnsentClaims } from '../../../cloudfunctions/common/dispatch/stale-claims';
import { NOW } from '../crash-points/world';

const TPL = 'tpl_price_drop';
const RETRY = { maxAttempts: 2, baseDelayMs: 0 };
const LEASE_MS = 5 * 60_000;
const msg: SubscribeMessage = { touser: 'u1', templateId: TPL, page: 'pages/index/index', data: { thing1: { value: '绿茶' } } };
const GATED = new Set<string>([COLLECTIONS.grants, COLLECTIONS.outbox]);

/**
 * How a campaign's requests fail: its first consumption's answer lost (stored) or refused (not),
 * then its read-back / take-back refused, or its process dead (every later request fails too).
 */
interface Faults {
  consumption?: 'lost' | 'refused';
  readBack?: 'refused' | 'answers';
  takeBack?: 'refused' | 'works';
  dies?: boolean;
}

let clock = NOW;
beforeEach(() => jest.spyOn(Date, 'now').mockImplementation(() => clock++));
afterEach(() => jest.restoreAllMocks());

async function setup() {
  clock = NOW;
  const sdk = memorySdk();
  const raw = new Db(sdk);
  await raw.insert(COLLECTIONS.grants, [{ _id: grantId('u1', TPL), openid: 'u1', templateId: TPL, available: 2, accepted: 2, consumed: 0 }]);
  const sends: string[] = [];
  const sender = (campaign: string): Sender => wechatSend(async () => void sends.push(campaign));
  return { sdk, raw, sends, sender };
}
type World = Awaited<ReturnType<typeof setup>>;

/** The errCodes one exploration's failures answer with: a lost answer's, and a refusal's (also a dead process's). */
interface Codes {
  lost: number;
  refused: number;
}

/** Every code of each kind at least once: run i takes the i-th of each kind's table (wrapping). */
const CODE_RUNS: Codes[] = Array.from({ length: Math.max(CRASH_CODES.lost.length, CRASH_CODES.refused.length) }, (_, i) => ({
  lost: CRASH_CODES.lost[i % CRASH_CODES.lost.length],
  refused: CRASH_CODES.refused[i % CRASH_CODES.refused.length],
}));

/** Campaign `campaign`'s send, its shared requests waiting at `gate`, failing as `faults` says with `codes`. */
const campaign = (id: string, codes: Codes, faults?: Faults) => (w: World, gate: Gate) => {
  let consumptions = 0;
  let dead = false;
  const hook: RequestHook = {
    async request(collection, op, send) {
      const what = `${collection}.${op}`;
      const failure = (code: number, why: string) => crashError(collection, op, code, why);
      if (GATED.has(collection)) await gate(what);
      if (dead) throw failure(codes.refused, 'the process died');
      if (faults && collection === COLLECTIONS.grants && op === 'update' && ++consumptions === 1) {
        dead = !!faults.dies;
        if (faults.consumption === 'refused') throw failure(codes.refused, 'refused');
        await send();
        throw failure(codes.lost, 'request timeout (stored, answer lost)');
      }
      if (faults?.readBack === 'refused' && collection === COLLECTIONS.grants && op === 'get') throw failure(codes.refused, 'refused');
      if (faults?.takeBack === 'refused' && collection === COLLECTIONS.outbox && op === 'remove') throw failure(codes.refused, 'refused');
      return send();
    },
  };
  return sendOne(new Db(crashingSdk(w.sdk, hook)), w.sender(id), msg, id, `run-${id}`, RETRY);
};

/** The next tick, a lease later: stale claims released or closed `unknown` (as runDispatch does), then each campaign's pass. */
async function nextTick(w: World): Promise<void> {
  clock += LEASE_MS + 60_000;
  await releaseUnsentClaims(w.raw, clock - LEASE_MS);
  await w.raw.updateWhere(COLLECTIONS.outbox, { status: 'claimed' }, { status: 'unknown' });
  for (const id of ['c1', 'c2']) await sendOne(w.raw, w.sender(id), msg, id, `run-${id}-2`, RETRY);
}

async function check(w: World): Promise<void> {
  await nextTick(w);
  const grant = (await w.raw.getById(COLLECTIONS.grants, grantId('u1', TPL)))!;
  const state = `sends ${JSON.stringify(w.sends)}, grant ${JSON.stringify({ available: grant.available, consumed: grant.consumed })}`;
  if (grant.available + grant.consumed !== 2) throw new Error(`${state}: the ledger lost or made a grant`);
  if (w.sends.length > grant.consumed) throw new Error(`${state}: more sends than consumed grants`);
  for (const id of ['c1', 'c2']) {
    const n = w.sends.filter((c) => c === id).length;
    const entry = await w.raw.getById(COLLECTIONS.outbox, outboxId(id, 'u1'));
    if (n !== 1) throw new Error(`${state}, ${id} outbox ${entry?.status}: ${id} sent ${n} times, not once`);
    if (entry?.status !== 'sent') throw new Error(`${state}: ${id}'s send recorded as ${entry?.status}`);
  }
}

jest.setTimeout(600_000);

const CASES: Array<[string, Faults | undefined, Faults | undefined]> = [
  ["c1's answer lost, its read-back refused", { readBack: 'refused' }, undefined],
  ["c1's answer lost, its read-back answered", { readBack: 'answers' }, undefined],
  ["c1's answer lost, its read-back and take-back refused", { readBack: 'refused', takeBack: 'refused' }, undefined],
  ['both answers lost, both read-backs refused', { readBack: 'refused' }, { readBack: 'refused', takeBack: 'refused' }],
  ["c1's consumption refused and its process dead", { consumption: 'refused', dies: true }, undefined],
];

const RUNS = CASES.flatMap(([name, c1, c2]) => CODE_RUNS.map((codes) => [name, codes.lost, codes.refused, { c1, c2, codes }] as const));

it.each(RUNS)('two campaigns on one grant document (%s; lost %i, refused %i): each campaign sends once, no grant lost, in every order', async (_name, _lost, _refused, { c1, c2, codes }) => {
  const report = await exploreInterleavings<World>({ setup, ops: [campaign('c1', codes, c1), campaign('c2', codes, c2)], check });
  expect(report.schedules).toBeGreaterThan(10);
});

it('runs every errCode of each kind in the crash-point table', () => {
  expect(new Set(CODE_RUNS.map((c) => c.lost))).toEqual(new Set(CRASH_CODES.lost));
  expect(new Set(CODE_RUNS.map((c) => c.refused))).toEqual(new Set(CRASH_CODES.refused));
});
