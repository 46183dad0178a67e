/**
 * The template-faults record (dispatch/template-faults.ts) has two writers: the dispatcher records
 * WeChat's refusals (43107, 40037) and staff's 模板已恢复 clears a mark, without the dispatcher's
 * lease. Every change is a compare-and-set on `rev`. Here, through the REAL wx-server-sdk against
 * the local cloud:
 * - every order in which the two writers' requests can reach `jobs` (interleavings.ts): a clear
 *   and a record on a stored record, two records before any record exists: each change lands once, none written over another, and some order makes
 *   a writer lose its first compare-and-set and re-apply its change;
 * - a writer overtaken after each of its reads (FAULTS_RETRY.tries) gives up with TemplateFaultsBusyError having
 *   written nothing (answered UNAVAILABLE: ask again), and the same call afterwards lands;
 * - on a cloud whose reads lag the writes by 10 minutes (the stale-read fault), a clear that read
 *   the record before a refusal was recorded does not write the refusal away: it is refused (busy)
 *   until its read is current, then lands;
 * - on a cloud whose reads lag by 2 s (shorter than the waits between tries, FAULTS_RETRY), staff's
 *   clear and 立即重试 right after a refusal was recorded land: tries made at once (before session
 *   22) all read the same stale record and answered busy.
 */
import { COLLECTIONS } from '../../../cloudfunctions/common/contracts/collections';
import { replyOfError, UNAVAILABLE_MESSAGE } from '../../../cloudfunctions/common/contracts/reply-of-error';
import { exploreInterleavings, gatedSdk, type Gate, type Outcome } from '../../../cloudfunctions/common/db/testing/interleavings';
import { crashingSdk } from '../../../cloudfunctions/common/db/testing/crash-points';
import { Db } from '../../../cloudfunctions/common/db/wx-db';
import {
  clearTemplateFaults,
  FAULTS_RETRY,
  readTemplateFaults,
  recordTemplateFault,
  requestBanRetry,
  TEMPLATE_FAULTS_ID,
  TemplateFaultsBusyError,
} from '../../../cloudfunctions/common/dispatch/template-faults';
import { loadSdk, startTestCloud, type TestCloud, type WxSdk } from '../../helpers/local-cloud';

const J = COLLECTIONS.jobs;
const ids = (f: { templateId: string }[]) => f.map((x) => x.templateId).sort();
const mark = (templateId: string) => ({ templateId, since: 1, lastSeenAt: 1, campaignId: 'c0' });

let t: TestCloud;
let sdk: WxSdk;
/** A local cloud for the describe it is called in (`staleReadMs`: its reads lag the writes). */
function cloudFor(staleReadMs?: number): void {
  beforeAll(async () => {
    t = await startTestCloud({ schema: true, staleReadMs });
    Object.assign(process.env, t.env, { SILENCE: 'true' });
    sdk = loadSdk('local');
  });
  afterAll(() => t?.close());
}

/** The stored document, read in-process (current, whatever lag the wire reads have). */
const stored = () => t.cloud.db.collection(J).find({ _id: TEMPLATE_FAULTS_ID })[0] as Record<string, unknown> | undefined;

/** Replaces the record with `removed` marks at `rev` (none at all when `removed` is null). */
async function seed(removed: string[] | null, rev = 3): Promise<void> {
  const db = new Db(sdk.database());
  await db.removeWhere(J, { _id: TEMPLATE_FAULTS_ID });
  if (removed) await db.insert(J, [{ _id: TEMPLATE_FAULTS_ID, kind: 'subscribe-template-faults', banned: [], removed: removed.map(mark), rev, updatedAt: 1 }]);
}

jest.setTimeout(300_000);

describe('reads see the writes', () => {
  cloudFor();
  // Every request is stepped by the explorer: the waits between tries would be waits on a timer.
  beforeAll(() => void (FAULTS_RETRY.baseMs = 0));
  afterAll(() => void (FAULTS_RETRY.baseMs = 50));

  const writer = (gate: Gate) => new Db(gatedSdk(sdk.database(), gate, (c) => c === J));
  /** Explores `ops` from `removed`; answers how many orders made a compare-and-set lose. */
  async function explore(removed: string[] | null, ops: Array<(gate: Gate) => Promise<unknown>>, want: { removed: string[]; banned: string[]; writes: number }) {
    let lostRaces = 0;
    const report = await exploreInterleavings({
      setup: async () => seed(removed),
      ops: ops.map((op) => (_w: unknown, gate: Gate) => op(gate)),
      async check(_w, outcomes: Outcome[], steps) {
        expect(outcomes.map((o) => o.ok)).toEqual(ops.map(() => true));
        const f = await readTemplateFaults(new Db(sdk.database()));
        expect({ removed: ids(f.removed), banned: ids(f.banned) }).toEqual({ removed: want.removed, banned: want.banned });
        // Each change that wrote moved `rev` on once.
        expect(stored()!.rev).toBe((removed ? 3 : 0) + want.writes);
        // More updates sent than changes written: a compare-and-set lost and was re-applied.
        if (steps.filter((s) => s.endsWith(`${J}.update`)).length > want.writes) lostRaces++;
      },
    });
    return { ...report, lostRaces };
  }

  it('staff clear one mark while the dispatcher records a refusal, in every order: both land', async () => {
    const r = await explore(
      ['tC'],
      [(gate) => clearTemplateFaults(writer(gate), 'tC', ['removed'], 10), (gate) => recordTemplateFault(writer(gate), 'removed', 'tA', 'c1', 11)],
      { removed: ['tA'], banned: [], writes: 2 },
    );
    expect(r.schedules).toBeGreaterThan(5);
    expect(r.lostRaces).toBeGreaterThan(0);
  });

  it('two refusals recorded before any record exists, in every order: both land, one document', async () => {
    const r = await explore(
      null,
      [(gate) => recordTemplateFault(writer(gate), 'removed', 'tA', 'c1', 11), (gate) => recordTemplateFault(writer(gate), 'banned', 'tB', 'c2', 12)],
      { removed: ['tA'], banned: ['tB'], writes: 2 },
    );
    expect(r.schedules).toBeGreaterThan(5);
    expect(r.lostRaces).toBeGreaterThan(0);
  });

  it('a writer overtaken after each of its reads gives up busy, having written nothing; asked again it lands', async () => {
    await seed(['tC']);
    const other = new Db(sdk.database());
    let overtake = true;
    let n = 0;
    // Another writer's refusal lands between each of the clear's reads and its compare-and-set.
    const loser = new Db(
      crashingSdk(sdk.database(), {
        async request(collection, op, send) {
          const answer = await send();
          if (overtake && collection === J && op === 'get') await recordTemplateFault(other, 'banned', `tX${n++}`, 'c9', 20 + n);
          return answer;
        },
      }),
    );
    const busy = await clearTemplateFaults(loser, 'tC', ['removed'], 10).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(TemplateFaultsBusyError);
    expect(n).toBe(FAULTS_RETRY.tries);
    // Nothing written, so staff's 模板已恢复 reads 系统繁忙 (ask again), not 后台服务出错.
    expect(replyOfError(busy, { fn: 'admin', retrySafe: true, internal: 'x', log: () => undefined }).error).toMatchObject({ code: 'UNAVAILABLE', message: UNAVAILABLE_MESSAGE });
    let f = await readTemplateFaults(other);
    expect(ids(f.removed)).toEqual(['tC']);
    const others = Array.from({ length: FAULTS_RETRY.tries }, (_x, i) => `tX${i}`);
    expect(ids(f.banned)).toEqual(others);
    overtake = false;
    expect(await clearTemplateFaults(loser, 'tC', ['removed'], 30)).toBe(true);
    f = await readTemplateFaults(other);
    expect(f.removed).toEqual([]);
    expect(ids(f.banned)).toEqual(others);
    expect(stored()!.rev).toBe(3 + FAULTS_RETRY.tries + 1);
  });
});

describe('reads lag the writes by 10 minutes', () => {
  cloudFor(10 * 60_000);

  it('a clear whose read is older than a refusal just recorded does not write it away: busy until current, then lands', async () => {
    await seed(['tC']);
    t.cloud.replica!.catchUp();
    const dispatcher = new Db(sdk.database());
    const staff = new Db(sdk.database());
    await recordTemplateFault(dispatcher, 'removed', 'tA', 'c1', 11);
    // Staff's read still shows the record without tA (rev 3); the write acts on the current rev 4.
    await expect(clearTemplateFaults(staff, 'tC', ['removed'], 12)).rejects.toBeInstanceOf(TemplateFaultsBusyError);
    expect(ids(stored()!.removed as { templateId: string }[])).toEqual(['tA', 'tC']);
    t.cloud.replica!.catchUp();
    expect(await clearTemplateFaults(staff, 'tC', ['removed'], 13)).toBe(true);
    expect(ids(stored()!.removed as { templateId: string }[])).toEqual(['tA']);
    expect(stored()!.rev).toBe(5);
  });
});

describe('reads lag the writes by 2 seconds', () => {
  cloudFor(2_000);

  it('staff act right after the dispatcher recorded a refusal: the change waits out the lag and lands, the refusal kept', async () => {
    await seed(['tC']);
    await new Promise((r) => setTimeout(r, 2_100)); // the seed is visible to reads
    const dispatcher = new Db(sdk.database());
    const staff = new Db(sdk.database());
    await recordTemplateFault(dispatcher, 'banned', 'tB', 'c1', 11);
    expect(await clearTemplateFaults(staff, 'tC', ['removed'], 12)).toBe(true);
    expect(ids(stored()!.removed as { templateId: string }[])).toEqual([]);
    expect(ids(stored()!.banned as { templateId: string }[])).toEqual(['tB']);
    await recordTemplateFault(dispatcher, 'banned', 'tB', 'c1', 13);
    // 立即重试's answer is what it wrote (a read now would not show the request yet).
    const after = await requestBanRetry(staff, 'staff_1', 14);
    expect(after.retries).toEqual([{ by: 'staff_1', at: 14 }]);
    expect(after.banned).toMatchObject([{ templateId: 'tB', refusals: 2, nextTryAt: 14 }]);
    expect(stored()).toMatchObject({ retries: [{ by: 'staff_1', at: 14 }], rev: 3 + 4 });
  });
});
