/**
 * `npm run bench -- audience [--customers N] [--granted SHARE] [--clicks N]`: the campaign
 * editor's 预计可发送 (admin `campaignAudience`) on a shop of N customers (default 100,000), SHARE
 * of them (default 0.5) holding a grant of the template, through the REAL wx-server-sdk against
 * the local cloud. Figures: the first estimate of a container (projection build + grant walk),
 * a click after it (median of `--clicks`, default 10), a click after 20 of the targeted holders' grants were spent (it must count 20 fewer), and
 * the old per-click cost — every holder's grant read again (`legacy_click_ms`, the walk the
 * estimate made before grant-holders.ts) — with the database pages each read.
 */
import { campaignAudience } from '../../cloudfunctions/common/admin/campaign-audience';
import { buildGrantHolders, cachedGrantHolders } from '../../cloudfunctions/common/audience/grant-holders';
import { cachedProjection } from '../../cloudfunctions/common/audience/projection-cache';
import { COLLECTIONS } from '../../cloudfunctions/common/contracts/collections';
import { Db } from '../../cloudfunctions/common/db/wx-db';
import { consumeGrant, grantId } from '../../cloudfunctions/common/dispatch/grants-ledger';
import { applyLocalIndexes } from '../db/init';
import type { Bench } from './main';
import { openBenchCloud } from './localcloud';

const TPL = 'tpl_price_drop';
const arg = (args: string[], name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const bench: Bench = {
  async run(args) {
    const n = arg(args, '--customers', 100_000);
    const share = arg(args, '--granted', 0.5);
    const clicks = arg(args, '--clicks', 10);
    const bc = await openBenchCloud({ port: 0, timers: false });
    try {
      await applyLocalIndexes(bc.cloud.db);
      let holders = 0;
      const targetedHolders: string[] = [];
      const ids = Array.from({ length: n }, (_, i) => `o${String(i).padStart(7, '0')}`);
      for (let i = 0; i < n; i += 5000) {
        const part = ids.slice(i, i + 5000);
        await bc.cloud.db.collection(COLLECTIONS.profiles).insert(part.map((id, j) => ({ _id: id, openid: id, rev: 1, d: {}, segment: (i + j) % 5 })));
        await bc.cloud.db.collection(COLLECTIONS.consents).insert(part.map((id) => ({ _id: id, openid: id, version: 1, granted: true, grantedAt: 1, personalization: true, updatedAt: 1 })));
        const granted = part.filter((_, j) => ((i + j) * 7919) % 1000 < share * 1000);
        holders += granted.length;
        targetedHolders.push(...granted.filter((id) => [1, 2].includes(Number(id.slice(1)) % 5)).slice(0, 20 - targetedHolders.length));
        if (granted.length)
          await bc.cloud.db.collection(COLLECTIONS.grants).insert(granted.map((id) => ({ _id: grantId(id, TPL), openid: id, templateId: TPL, available: 1, blocked: false, updatedAt: 1 })));
      }
      let pages = 0;
      const sdkDb = new Db(bc.db);
      const db = Object.create(sdkDb) as Db;
      db.find = (coll, where, o) => {
        if (coll === COLLECTIONS.grants) pages++;
        return sdkDb.find(coll, where, o);
      };
      // A container's first estimate builds both caches (forced: runs of one process share them).
      let t0 = performance.now();
      await Promise.all([cachedProjection(db, { refresh: true }), cachedGrantHolders(db, TPL, { refresh: true })]);
      const first = await campaignAudience(db, [1, 2], TPL);
      const firstMs = ms(t0);
      const firstPages = pages;
      const clickMs: number[] = [];
      pages = 0;
      for (let i = 0; i < clicks; i++) {
        t0 = performance.now();
        await campaignAudience(db, i % 2 ? [1, 2] : [3], TPL);
        clickMs.push(ms(t0));
      }
      const clickPages = pages / clicks;
      for (const id of targetedHolders) await consumeGrant(sdkDb, id, TPL);
      t0 = performance.now();
      const afterSpend = await campaignAudience(db, [1, 2], TPL);
      const afterSpendMs = ms(t0);
      // The old click: the (cached) projection, then every holder's grant read again.
      const legacyMs: number[] = [];
      pages = 0;
      for (let i = 0; i < 3; i++) {
        t0 = performance.now();
        await cachedProjection(db);
        await buildGrantHolders(db, TPL);
        legacyMs.push(ms(t0));
      }
      return {
        customers: n,
        grant_holders: holders,
        subscribed_first: first.subscribed,
        subscribed_after_20_spent: afterSpend.subscribed,
        first_estimate_ms: firstMs,
        first_estimate_grant_queries: firstPages,
        click_ms: median(clickMs),
        click_grant_queries: clickPages,
        click_after_spend_ms: afterSpendMs,
        legacy_click_ms: median(legacyMs),
        legacy_click_grant_queries: pages / 3,
      };
    } finally {
      await bc.close();
    }
  },
};

export default bench;
