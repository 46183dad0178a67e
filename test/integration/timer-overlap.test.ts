/**
 * Overlapping timer calls through the REAL functions (esbuild bundles, child processes, real
 * wx-server-sdk) against the local cloud. WeChat's documentation does not say whether a timer
 * fires while its previous run still goes, and SCF re-delivers a failed asynchronous call; the
 * local cloud now fires every tick (timers/scheduler.ts). Here every tick is TWO concurrent calls
 * of the same timer event — a tick overlapping a re-delivery — and the results must be exactly those
 * of one call at a time: the stepped value refit serves the one-call guarded fit's model byte for
 * byte and scores each profile once; a segment pass writes one snapshot and one history entry per
 * customer.
 */
import { dayIndex } from '../../cloudfunctions/common/profile/day';
import type { ProfileDoc } from '../../cloudfunctions/common/profile/types';
import { fitGuardedValueModel } from '../../cloudfunctions/common/value-serving/backtest';
import { HORIZON_DAYS } from '../../cloudfunctions/common/value-serving/refit-job';
import { historyOfProfile } from '../../cloudfunctions/common/value/profile-history';
import { profileValues, type BuyerValue } from '../../cloudfunctions/common/value/profile-value';
import { shortHistoryBuyerProfiles } from '../helpers/profiles';
import { startIngestCloud, type IngestCloud } from './track-cloud';

import type { Reply } from '../helpers/reply';
let c: IngestCloud;
const BUYERS = 320;

beforeAll(async () => {
  c = await startIngestCloud(4);
  const profiles = c.cloud.db.collection('profiles');
  for (const p of shortHistoryBuyerProfiles(Date.now(), BUYERS)) profiles.insert(p);
}, 120_000);
afterAll(async () => c?.close());

/** One tick delivered twice at once; both replies, neither an error. */
async function doubleTick(fn: string, trigger: string): Promise<Reply[]> {
  const event = { Type: 'Timer', TriggerName: trigger, Time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') };
  const replies = await Promise.all([0, 1].map(() => c.call<Reply>(fn, event, undefined, 'wx_trigger')));
  for (const r of replies) expect(r.error).toBeUndefined();
  return replies;
}

it('value: overlapping ticks step one refit, which serves the one-call guarded fit’s model, and score every profile once', async () => {
  const pointer = () => (c.cloud.db.collection('model_pointers').get('value') as { serving: string | null } | null)?.serving;
  let version: string | null = null;
  let scored = false;
  for (let i = 0; i < 80 && !scored; i++) {
    const replies = await doubleTick('value', 'value-every-10-min');
    version = pointer() ?? null;
    scored = !!version && replies.some((r) => r.data.score?.status === 'succeeded');
  }
  expect(scored).toBe(true);
  // One refit run, not two racing ones; it finished.
  const runs = c.cloud.db.collection('job_runs').find({ kind: 'refit:value' });
  expect(runs.map((r) => r.status)).toEqual(['succeeded']);
  expect(c.cloud.db.collection('model_versions').count({ model: 'value' })).toBe(1);

  const docs = c.cloud.db.collection('profiles').find({}) as ProfileDoc[];
  const histories = docs.map(historyOfProfile);
  const today = dayIndex(Date.now());
  const one = fitGuardedValueModel(histories, { end: today, horizonDays: HORIZON_DAYS, seed: 1 });
  const expected = profileValues(one.model, histories, today, 0, version!);
  docs.forEach((d, i) => {
    const e = expected[i] as BuyerValue;
    expect((d as { value?: BuyerValue }).value).toMatchObject({ version, purchases90d: e.purchases90d, spend90dFen: e.spend90dFen });
  });
}, 900_000);

it('segment: overlapping ticks make one full pass — one snapshot, one history entry per customer', async () => {
  let done = false;
  for (let i = 0; i < 20 && !done; i++) {
    const replies = await doubleTick('segment', 'segment-every-10-min');
    done = replies.some((r) => r.data.status === 'completed');
  }
  expect(done).toBe(true);
  const runs = c.cloud.db.collection('segment_runs').find({});
  expect(runs).toHaveLength(1);
  expect(runs[0].total).toBe(BUYERS);
  expect(c.cloud.db.collection('segment_history').count({})).toBe(BUYERS);
  for (const p of c.cloud.db.collection('profiles').find({})) expect(p.segmentedRev).toBe(p.rev);
}, 300_000);
