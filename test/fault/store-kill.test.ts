/**
 * Fault: an acknowledged write survives `kill -9` of the server. The server runs as a child
 * process; the REAL wx-server-sdk in this process writes to it (single adds, 100-doc batches and
 * $inc updates, concurrently); the child is SIGKILLed mid-stream; a restarted server on the same
 * data dir must hold every write that was acknowledged, counters at least the acked value, every
 * batch all-or-nothing, and transactional transfers must neither lose nor create money.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSdk } from '../helpers/local-cloud';
import { pointSdkAt, startServer } from './fixtures/standalone-server';

it('loses no acknowledged write when the server is killed with SIGKILL', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-kill-'));
  let server = await startServer(dataDir);
  pointSdkAt(server.url, dataDir);
  const sdk = loadSdk('local');
  const db = sdk.database();
  const _ = db.command;
  // A fresh environment has no collections (CloudBase refuses writes to one never created).
  for (const name of ['events', 'counters', 'accounts']) await db.createCollection(name);
  const events = db.collection('events');
  await db.collection('counters').add({ data: { _id: 'c', n: 0 } });
  await db.collection('accounts').add({ data: [{ _id: 'x', v: 1000 }, { _id: 'y', v: 0 }] });

  const acked = new Set<string>();
  let ackedInc = 0;
  let killed = false;
  const singles = async (w: number) => {
    for (let i = 0; !killed; i++) {
      const id = `s${w}_${i}`;
      try {
        await events.add({ data: { _id: id, w, i } });
        acked.add(id);
      } catch {
        return; // in flight when the server died: not acknowledged
      }
    }
  };
  const batches = async (w: number) => {
    for (let b = 0; !killed; b++) {
      const docs = Array.from({ length: 100 }, (_x, i) => ({ _id: `b${w}_${b}_${i}`, w, b, i }));
      try {
        await events.add({ data: docs });
        for (const d of docs) acked.add(d._id);
      } catch {
        return;
      }
    }
  };
  const incs = async () => {
    while (!killed) {
      try {
        await db.collection('counters').doc('c').update({ data: { n: _.inc(1) } });
        ackedInc++;
      } catch {
        return;
      }
    }
  };
  let transfers = 0;
  const transfer = async () => {
    while (!killed) {
      try {
        const tx = await db.startTransaction();
        const x = (await tx.collection('accounts').doc('x').get()).data.v;
        await tx.collection('accounts').doc('x').update({ data: { v: x - 1 } });
        await tx.collection('accounts').doc('y').update({ data: { v: _.inc(1) } });
        await tx.commit();
        transfers++;
      } catch {
        return;
      }
    }
  };
  const writers = [singles(0), singles(1), batches(0), batches(1), incs(), transfer()];
  await new Promise((r) => setTimeout(r, 1500));
  killed = true;
  server.child.kill('SIGKILL');
  await Promise.all(writers);
  expect(acked.size).toBeGreaterThan(200);
  console.info(`[store-kill] killed after ${acked.size} acknowledged inserts, ${ackedInc} $inc, ${transfers} transactions`);

  server = await startServer(dataDir);
  pointSdkAt(server.url, dataDir);
  try {
    const all = [...acked];
    let present = 0;
    for (let k = 0; k < all.length; k += 500) {
      present += (await events.where({ _id: _.in(all.slice(k, k + 500)) }).count()).total;
    }
    expect(present).toBe(all.length);
    const { data } = await db.collection('counters').doc('c').get();
    expect(data.n).toBeGreaterThanOrEqual(ackedInc);
    expect(data.n).toBeLessThanOrEqual(ackedInc + 1); // at most the one in flight
    // every 100-doc batch, acknowledged or not, is all or nothing (one LMDB transaction)
    const $ = _.aggregate;
    const { list } = await events
      .aggregate()
      .match({ _id: db.RegExp({ regexp: '^b' }) })
      .group({ _id: { w: '$w', b: '$b' }, n: $.sum(1) })
      .end();
    expect(list.length).toBeGreaterThan(0);
    expect(list.filter((g: { n: number }) => g.n !== 100)).toEqual([]);
    // transfers inside transactions never lose or create money, and acknowledged ones are there
    const acc = (await db.collection('accounts').where({}).get()).data as Array<{ _id: string; v: number }>;
    expect(acc.reduce((sum, a) => sum + a.v, 0)).toBe(1000);
    const y = acc.find((a) => a._id === 'y')!.v;
    expect(y).toBeGreaterThanOrEqual(transfers);
    expect(y).toBeLessThanOrEqual(transfers + 1);
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 240_000); // two server starts (tsx) and a restart's checks, on a loaded machine
