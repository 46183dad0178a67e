/**
 * PIPL art. 45/47 through the REAL functions and SDK: one customer leaves a footprint through
 * every path a customer can (consent, tracked views and a review, an order through `shop`, a
 * subscribe grant pushed by WeChat, a campaign notice, a segment pass, the value, sentiment and
 * segmentation refits, a full rebuild), exports it, deletes it — and then EVERY collection and
 * EVERY stored file of the cloud (gzip unpacked) is scanned for their openid and their review
 * text. What remains must be on the allow-list below, each with its reason; the export must
 * cover every collection the scan found them in before the deletion (and say what it cannot
 * hand over: training intermediates, which the deletion purges).
 */
import { campaignDoc, TPL } from './dispatch-fixtures';
import { describeFindings, scanCollections, scanStorage, unexplained, type Finding } from '../helpers/footprint';
import { allowedAfterDelete, customerHistory, exportGaps, openRefit, refitToEnd, seedOthers, STAFF, type Reply } from './erase-fixtures';
import { startStaffCloud, type IngestCloud } from './track-cloud';

jest.setTimeout(300_000);
// Sorts after every other customer: jobs that page by _id end their pass with this id as cursor.
const ERIN = 'zz_erin_footprint';
const REVIEW = '这款茶叶香气独特回甘明显艾琳专属评语';
const MARKS = [ERIN, REVIEW];
const WANDA = 'zz_wanda_withdraws';
let c: IngestCloud;
const call = (fn: string, event: unknown, openid?: string, source?: 'wx_client' | 'wx_trigger') =>
  c.call<Reply>(fn, event, openid, source);

/** Every path a customer's data can take. */
async function footprint(): Promise<void> {
  await customerHistory(c, ERIN, REVIEW);
  // WeChat's popup push (wxpush) is the only source of a grant.
  await c.cloud.subscribe.registerGrants(ERIN, { [TPL]: 'accept' }, { push: true });
  await c.cloud.push.drain();
  expect(c.cloud.db.collection('grants').get(`${ERIN}:${TPL}`)).toMatchObject({ available: 1 });
  expect((await call('segment', { action: 'run' }, STAFF)).ok).toBe(true);
  const seg = c.cloud.db.collection('profiles').get(ERIN) as { segment: number };
  await c.cloud.db.collection('campaigns').insert(campaignDoc('camp1', { segments: [seg.segment], holdoutPct: 0 }));
  expect((await call('dispatch', { action: 'run' }, STAFF)).ok).toBe(true);
  await c.cloud.push.drain(); // WeChat's "sent" push: the delivery record
  expect(c.cloud.db.collection('outbox').count({ openid: ERIN, status: 'sent' })).toBe(1);
  for (const model of ['value', 'sentiment', 'segmentation'] as const) {
    await openRefit(c, model);
    await refitToEnd(c, model);
  }
  let r = await call('rebuild', { action: 'start', horizonDays: null }, undefined, 'wx_trigger');
  for (let i = 0; i < 10 && r.ok && r.data.full.state === 'running'; i++)
    r = await call('rebuild', {}, undefined, 'wx_trigger');
  expect(r.ok).toBe(true);
}

const ALLOWED = allowedAfterDelete(ERIN);

let before: Finding[] = [];
let exported: any; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  c = await startStaffCloud(STAFF, 3);
  await seedOthers(c, Date.now());
  await footprint();
  // A shop of ≥ 500 customers has the segmentation refit really read profiles: its ended run keeps
  // the read position in its state, which is the last openid read (this customer sorts last).
  const seg = c.cloud.db.collection('job_runs').find({ kind: 'refit:segmentation' })[0];
  const read = { asOf: Date.now(), after: ERIN, chunks: 1, rows: 41, heldOut: 8 };
  await c.cloud.db.collection('job_runs').update({ _id: seg._id }, { $set: { 'state.read': read } });
  // The seed must land, or the erasure check below proves nothing about this store.
  expect(c.cloud.db.collection('job_runs').get(seg._id as string)).toMatchObject({ state: { read } });
  before = [...scanCollections(c.cloud, MARKS), ...scanStorage(c.dataDir, MARKS)];
  exported = (await call('privacy', { action: 'exportMyData' }, ERIN)).data;
  const del = await call('privacy', { action: 'deleteMyData' }, ERIN);
  expect(del.ok).toBe(true);
  // A second customer withdraws consent instead (the same erasure, and the record goes).
  await customerHistory(c, WANDA, '瓦妲的撤回评语独一无二');
  await c.cloud.subscribe.registerGrants(WANDA, { [TPL]: 'accept' }, { push: true });
  await c.cloud.push.drain();
  expect((await call('privacy', { action: 'withdrawConsent' }, WANDA)).ok).toBe(true);
}, 600_000);
afterAll(async () => c?.close());

it('the footprint reached every store the paths write', () => {
  const where = new Set(before.map((f) => (f.kind === 'db' ? f.where : f.where.split('/')[0])));
  for (const w of ['events', 'profiles', 'consents', 'grants', 'orders', 'outbox', 'subscribe_pushes', 'segment_history'])
    expect([w, where.has(w)]).toEqual([w, true]);
  // Stored files: the refits' intermediates carry the openid, and the sentiment refit's the text.
  const files = before.filter((f) => f.kind === 'file');
  expect(files.some((f) => f.marks.includes(ERIN))).toBe(true);
  expect(files.some((f) => f.marks.includes(REVIEW))).toBe(true);
});

it('after deleteMyData only allow-listed data remains, each with its reason', () => {
  const after = [...scanCollections(c.cloud, MARKS), ...scanStorage(c.dataDir, MARKS)];
  expect(describeFindings(unexplained(after, ALLOWED))).toEqual([]);
  // The review text is nowhere, not even pseudonymised.
  expect(describeFindings(after.filter((f) => f.marks.includes(REVIEW)))).toEqual([]);
});

it('the export covers every collection the customer was found in and says what it cannot hand over', () => {
  expect(exportGaps(before, exported)).toEqual([]);
  // Not the customer's own record (a job's intermediate, say): the export names the store instead.
  expect(before.some((f) => f.kind === 'file')).toBe(true);
});

it('after withdrawConsent only the orders remain: no consent record, the tombstone carries no openid', () => {
  const marks = [WANDA, '瓦妲的撤回评语独一无二'];
  const after = [...scanCollections(c.cloud, marks), ...scanStorage(c.dataDir, marks)];
  const orders = allowedAfterDelete(WANDA).filter((a) => a.reason.startsWith('orders'));
  expect(describeFindings(unexplained(after, orders))).toEqual([]);
  expect(after.length).toBeGreaterThan(0); // the order is kept (and was found)
});
