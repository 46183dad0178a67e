/**
 * Fixtures of the erasure suites (erase-footprint, erase-inflight, erase-midrun,
 * refit-sentiment-erase): a shop of other customers big enough for every refit to read, one
 * customer's tracked/imported history through the real functions, refits ticked to their end and
 * what a sentiment refit read, and the allow-list of what may remain after a deletion.
 */
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { wxJobDb } from '../../cloudfunctions/common/jobs';
import { wxModelFiles } from '../../cloudfunctions/common/model-store/wx-ports';
import type { ReviewRow } from '../../cloudfunctions/refit/sentiment/reviews';
import { buyerProfile } from '../helpers/profiles';
import type { Allowed, Finding } from '../helpers/footprint';
import { loadSdk } from '../helpers/local-cloud';
import { ev, type IngestCloud } from './track-cloud';

/** A function's reply. */
import type { Reply } from '../helpers/reply';
export type { Reply };
/** Staff seeded by startStaffCloud in these suites. */
export const STAFF = 'staff_demo';
const DAY = 86_400_000;

/** Other customers: 40 buyers and 320 rated reviews, so every refit reads a real shop. */
export async function seedOthers(c: IngestCloud, now: number): Promise<void> {
  const profiles = c.cloud.db.collection('profiles');
  for (let i = 0; i < 40; i++)
    await profiles.insert(
      buyerProfile(`other${String(i).padStart(2, '0')}`, now, [3 + i, 40 + i, 90 + 2 * i], { fen: 10000 + 500 * i }),
    );
  await c.cloud.db.collection('events').insert(
    Array.from({ length: 320 }, (_, i) => ({
      _id: `other${i % 40}:rv${i}`,
      openid: `other${String(i % 40).padStart(2, '0')}`,
      name: 'review_submit',
      ts: now - 3_600_000 - i * 1000,
      props: { productId: 'p1', text: i % 2 ? `很好很满意${i}` : `太差了失望${i}`, rating: i % 2 ? 5 : 1 },
    })),
  );
  await c.cloud.db.collection('products').update({ _id: 'p2' }, { $set: { stock: 100, priceFen: 4200 } });
}

/** Consent, views (one in category `cat-01`) and a review (client), three older purchases (trusted import), an order through `shop`. */
export async function customerHistory(c: IngestCloud, openid: string, review: string): Promise<void> {
  expect((await c.call<Reply>('privacy', { action: 'setConsent', version: 1 }, openid)).ok).toBe(true);
  const tracked = await c.call<Reply>(
    'track',
    {
      events: [
        ev(),
        ev({ props: { productId: 'r1', categoryId: 'cat-01' } }),
        ev({ name: 'review_submit', props: { productId: 'p1', categoryId: 'c1', text: review, rating: 5 } }),
      ],
    },
    openid,
  );
  expect(tracked.data.accepted).toBe(3);
  const buy = (d: number) =>
    ev({
      name: 'purchase',
      clientTs: Date.now() - d * DAY,
      props: { orderId: `h${d}`, amountFen: 9900, items: [{ productId: 'p1', categoryId: 'c1', quantity: 1, priceFen: 9900 }] },
    });
  expect((await c.importAs<Reply>(openid, [buy(20), buy(60), buy(120)])).data.accepted).toBe(3);
  const order = await c.call<Reply>('shop', { action: 'createOrder', items: [{ productId: 'p2', quantity: 1 }] }, openid);
  expect(order.data?.facts).toBe('recorded');
}

/** The newest run of `kind`. */
export const newestRun = (c: IngestCloud, kind: string): any => // eslint-disable-line @typescript-eslint/no-explicit-any
  c.cloud.db.collection('job_runs').find({ kind }).sort((a, b) => Number(b.createdAt) - Number(a.createdAt))[0];

/** Staff open a refit of `model` (admin modelRefit; a small `budgetMs` = a step or so now). */
export async function openRefit(c: IngestCloud, model: string, budgetMs?: number): Promise<void> {
  const r = await c.call<Reply>('admin', { action: 'modelRefit', model, ...(budgetMs ? { budgetMs } : {}) }, STAFF);
  expect(r.error).toBeUndefined();
}

/** Ticks the open refit of `model` until its run ends; answers the run. */
export async function refitToEnd(c: IngestCloud, model: 'value' | 'sentiment' | 'segmentation'): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const kind = `refit:${model}`;
  const deadline = Date.now() + 4 * 60_000;
  while (Date.now() < deadline) {
    const run = newestRun(c, kind);
    if (run && run.status !== 'running') return run;
    const r =
      model === 'value'
        ? await c.call<Reply>('value', { action: 'refit' }, STAFF)
        : await c.call<Reply>('refit', { action: 'tick', kind }, STAFF);
    expect(r.error).toBeUndefined();
    if (r.data?.status === 'busy') await new Promise((res) => setTimeout(res, 500));
  }
  throw new Error(`${kind} did not end`);
}

/**
 * The review keys (`<openid>:<id>`) an ended sentiment refit read, from its checkpoint files, and
 * its run as the product's reader of run documents gives it (artifact names are stored escaped).
 */
export async function sentimentRunReads(runId: string): Promise<{ run: any; read: string[] }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const sdk = loadSdk('local');
  const run = (await wxJobDb(new Db(sdk.database())).getRun(runId))!;
  const files = wxModelFiles(sdk);
  const read: string[] = [];
  for (let i = 0; i < Number(run.state.parts); i++)
    read.push(...(JSON.parse((await files.download(run.artifacts[`reviews-${i}.json`])).toString('utf8')) as ReviewRow[]).map((r) => r.key));
  return { run, read };
}

/** What may remain of `openid` after deleteMyData, and why (each also handed over by the export). */
export function allowedAfterDelete(openid: string): Allowed[] {
  return [
    {
      reason: 'orders: transaction records the merchant must keep by law (PIPL art. 47 exception); in the export',
      matches: (f) => f.kind === 'db' && f.where === 'orders' && f.doc?.openid === openid,
    },
    {
      reason: 'outbox: proof of the notices sent, and what keeps a campaign from sending twice; in the export',
      matches: (f) => f.kind === 'db' && f.where === 'outbox' && f.doc?.openid === openid,
    },
    {
      reason: 'consents: the consent choice itself (deleteMyData keeps it), with the erasure time; in the export',
      matches: (f) => f.kind === 'db' && f.where === 'consents' && f.id === openid,
    },
  ];
}

/** The export's key for each collection of the customer's own rows. */
export const EXPORT_KEY: Record<string, string> = {
  events: 'events',
  profiles: 'profile',
  consents: 'consent',
  grants: 'grants',
  orders: 'orders',
  outbox: 'outbox',
  segment_history: 'segmentHistory',
  dead_letters: 'deadLetters',
  subscribe_pushes: 'subscribePushes',
};

/**
 * Where the scan found the customer before a deletion but the export (`exportMyData`'s answer)
 * neither hands the document over in its part nor names the store in a notice (files: `storage`).
 */
export function exportGaps(before: readonly Finding[], exported: { notices: Array<{ store: string }> } & Record<string, unknown>): string[] {
  const named = (store: string) => exported.notices.some((n) => n.store === store);
  return before
    .filter((f) => {
      if (f.kind === 'file') return !named('storage');
      const key = EXPORT_KEY[f.where];
      return key ? !JSON.stringify(exported[key] ?? null).includes(String(f.id)) : !named(f.where);
    })
    .map((f) => `${f.kind}:${f.where}${f.id ? `/${f.id}` : ''}`);
}
