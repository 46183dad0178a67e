import { PRICE_DROP_TEMPLATE, priceDropCampaign } from '../campaign/testing/price-drop-campaign';
import { grantId } from '../dispatch/grants-ledger';
import { DEFAULT_DISPATCH, runDispatch } from '../dispatch/run-dispatch';
import type { Sender } from '../dispatch/send-one';
import { wechatSend } from '../dispatch/testing/wechat-send';
import { COLLECTIONS } from '../contracts/collections';
import { QxError } from '../contracts/errors';
import { memoryDb } from '../db/testing/memory-sdk';
import { dispatchCampaign, knownSegments, listCampaigns, saveCampaign, staleTargets } from './campaigns';

const T0 = Date.UTC(2026, 11, 4, 2);

describe('campaigns whose targets were retired', () => {
  it('staleTargets names the targets that no longer exist, model and rule alike', () => {
    const live = new Set(['1', '2', 'rule:r1']);
    expect(staleTargets({ segments: [1, 2] }, live)).toEqual([]);
    expect(staleTargets({ segments: [1, 3, 'rule:r1', 'rule:gone'] }, live)).toEqual(['3', 'rule:gone']);
  });

  it('立即发送 names a deleted rule target in words, not `rule:<id>`', async () => {
    const { db } = memoryDb();
    await db.insert(COLLECTIONS.campaigns, [{ ...priceDropCampaign({ _id: 'gone', segments: ['rule:rule_gone00'] }), status: 'draft', updatedAt: T0 }]);
    const refused = (await dispatchCampaign(db, 'gone', async () => undefined, T0).catch((e: unknown) => e)) as QxError;
    expect(refused).toMatchObject({ code: 'CONFLICT', details: { staleTargets: ['rule:rule_gone00'] } });
    expect(refused.message).toContain('目标「已删除的自定义分群」已不在');
    expect(refused.message).not.toContain('rule:');
  });

  it('the list names them and 立即发送 refuses to send to no one', async () => {
    const { db } = memoryDb();
    const live = (await knownSegments(db)).map((s) => Number(s.id));
    const retired = Math.max(...live) + 1; // the serving (shipped) model has no such segment
    await db.insert(COLLECTIONS.campaigns, [
      { ...priceDropCampaign({ _id: 'ok', segments: [live[0]] }), status: 'draft', updatedAt: T0 },
      { ...priceDropCampaign({ _id: 'old', segments: [live[0], retired] }), status: 'draft', updatedAt: T0 - 1 },
    ]);
    const list = await listCampaigns(db, T0);
    expect(list.map((c) => [c._id, c.staleTargets])).toEqual([
      ['ok', []],
      ['old', [String(retired)]],
    ]);
    const started: string[] = [];
    const refused = await dispatchCampaign(db, 'old', async (id) => started.push(id), T0).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(QxError);
    expect(refused).toMatchObject({ code: 'CONFLICT', details: { staleTargets: [String(retired)] } });
    expect((refused as Error).message).toContain('请编辑活动重新选择目标');
    // Named as the campaign card names it, not by its id.
    expect((refused as Error).message).toContain(`目标「分群 ${retired}」已不在`);
    expect(started).toEqual([]);
    expect(await db.getById(COLLECTIONS.campaigns, 'old')).toMatchObject({ status: 'draft' });
    const sent = await dispatchCampaign(db, 'ok', async (id) => started.push(id), T0);
    expect(started).toEqual(['ok']);
    expect(sent.campaign.staleTargets).toEqual([]);
  });
});

describe('saving a campaign that changes under the editor', () => {
  const setup = async () => {
    const { db } = memoryDb();
    const live = (await knownSegments(db)).map((s) => Number(s.id));
    const stored = { ...priceDropCampaign({ _id: 'c1', segments: [live[0]] }), status: 'scheduled', updatedAt: T0 };
    await db.insert(COLLECTIONS.campaigns, [stored]);
    await db.insert(COLLECTIONS.products, [{ _id: 'p1', name: '羊毛围巾', categoryId: 'c1', priceFen: 19_900, stock: 10 }]);
    const edit: Record<string, unknown> = { ...stored, name: '改过的名字' };
    for (const k of ['status', 'createdBy', 'createdAt', 'updatedAt', 'nextRunAt']) delete edit[k];
    return { db, edit };
  };

  it('answers CONFLICT and changes nothing when dispatch started sending after the editor read it', async () => {
    const { db, edit } = await setup();
    // Dispatch marks the campaign running right after saveCampaign has read it.
    const racing = Object.create(db) as typeof db;
    racing.getById = async (coll, id) => {
      const doc = await db.getById(coll, id);
      if (coll === COLLECTIONS.campaigns) await db.updateById(COLLECTIONS.campaigns, id, { status: 'running' });
      return doc;
    };
    const r = await saveCampaign(racing, 'staff', edit, T0 + 1).catch((e: unknown) => e);
    expect(r).toMatchObject({ code: 'CONFLICT' });
    const after = await db.getById(COLLECTIONS.campaigns, 'c1');
    expect(after).toMatchObject({ status: 'running', updatedAt: T0 });
    expect(after?.name).not.toBe('改过的名字');
  });

  it('立即发送 answers CONFLICT and starts nothing when a run started after it read the campaign', async () => {
    const { db } = await setup();
    const racing = Object.create(db) as typeof db;
    racing.getById = async (coll, id) => {
      const doc = await db.getById(coll, id);
      if (coll === COLLECTIONS.campaigns) await db.updateById(COLLECTIONS.campaigns, id, { status: 'running', nextRunAt: null });
      return doc;
    };
    const started: string[] = [];
    const r = await dispatchCampaign(racing, 'c1', async (id) => started.push(id), T0 + 1).catch((e: unknown) => e);
    expect(r).toMatchObject({ code: 'CONFLICT' });
    expect(started).toEqual([]);
    expect(await db.getById(COLLECTIONS.campaigns, 'c1')).toMatchObject({ status: 'running', nextRunAt: null });
  });

  it('立即发送 of a one-off whose time has passed says so in the editor\'s words, and schedules nothing', async () => {
    const { db } = memoryDb();
    const live = (await knownSegments(db)).map((s) => Number(s.id));
    // 2026-12-01 10:00 Beijing, three days before T0
    await db.insert(COLLECTIONS.campaigns, [{ ...priceDropCampaign({ _id: 'past', segments: [live[0]], schedule: { kind: 'cron', cron: '0 0 10 1 12 * 2026' } }), status: 'draft', updatedAt: T0 }]);
    const refused = await dispatchCampaign(db, 'past', async () => undefined, T0).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', message: '定时「2026年12月1日 10:00（一次）」已没有以后的发送时间，请编辑活动改一个以后的时间' });
    expect(await db.getById(COLLECTIONS.campaigns, 'past')).toMatchObject({ status: 'draft' });
  });

  it('saves when nothing changed in between', async () => {
    const { db, edit } = await setup();
    await saveCampaign(db, 'staff', edit, T0 + 1);
    expect(await db.getById(COLLECTIONS.campaigns, 'c1')).toMatchObject({ name: '改过的名字', updatedAt: T0 + 1 });
  });

  it('saves the same fields twice in one millisecond: a save that changes nothing is no conflict', async () => {
    const { db, edit } = await setup();
    // The database counts MODIFIED documents: the second save wrote the values already stored.
    await saveCampaign(db, 'staff', edit, T0 + 1);
    await expect(saveCampaign(db, 'staff', edit, T0 + 1)).resolves.toMatchObject({ name: '改过的名字', revision: 2 });
    // 立即发送 twice in one millisecond: the second schedules as the first did.
    const started: string[] = [];
    await dispatchCampaign(db, 'c1', async (id) => started.push(id), T0 + 2);
    await dispatchCampaign(db, 'c1', async (id) => started.push(id), T0 + 2);
    expect(started).toEqual(['c1', 'c1']);
  });

  it("an editor opened before another staff member's save answers CONFLICT, not overwrite it", async () => {
    const { db, edit } = await setup();
    const first = await saveCampaign(db, 'staff-a', { ...edit, name: 'A 的名字' }, T0 + 1);
    expect(first.revision).toBe(1);
    // B opened the editor at revision 1; A saves again; B's save carries the revision it loaded.
    await saveCampaign(db, 'staff-a', { ...edit, name: 'A 又改了', revision: 1 }, T0 + 2);
    await expect(saveCampaign(db, 'staff-b', { ...edit, name: 'B 的名字', revision: 1 }, T0 + 3)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await db.getById(COLLECTIONS.campaigns, 'c1')).toMatchObject({ name: 'A 又改了', revision: 2 });
    // Reloaded at revision 2, B's save lands.
    await expect(saveCampaign(db, 'staff-b', { ...edit, name: 'B 的名字', revision: 2 }, T0 + 4)).resolves.toMatchObject({ name: 'B 的名字', revision: 3 });
  });

  it('立即发送 failing after it scheduled the campaign leaves the editor the revision the server holds', async () => {
    const { db, edit } = await setup();
    const saved = await saveCampaign(db, 'staff', edit, T0 + 1);
    // The send scheduled the campaign, then starting dispatch failed (say its nested call timed out).
    const failing = async () => {
      throw new QxError('INTERNAL', '发送服务暂时不可用');
    };
    await expect(dispatchCampaign(db, 'c1', failing, T0 + 2)).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await db.getById(COLLECTIONS.campaigns, 'c1')).toMatchObject({ status: 'scheduled', revision: saved.revision });
    // The editor saves again with the revision its own save answered: nobody else edited it.
    await expect(saveCampaign(db, 'staff', { ...edit, name: '再改一次', revision: saved.revision }, T0 + 3)).resolves.toMatchObject({ name: '再改一次' });
    // Another staff member's real edit since is still refused.
    const other = await saveCampaign(db, 'staff-b', { ...edit, name: 'B 的名字', revision: (saved.revision ?? 0) + 1 }, T0 + 4);
    await expect(dispatchCampaign(db, 'c1', failing, T0 + 5)).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(saveCampaign(db, 'staff', { ...edit, name: '过时的编辑', revision: saved.revision }, T0 + 6)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await db.getById(COLLECTIONS.campaigns, 'c1')).toMatchObject({ name: 'B 的名字', revision: other.revision });
  });

  it('of two saves that read the same version in one millisecond, the second answers CONFLICT', async () => {
    const { db, edit } = await setup();
    // B read the campaign; A's save lands in the same millisecond as the stored version, so
    // updatedAt alone cannot tell A's version from the one B read.
    const racing = Object.create(db) as typeof db;
    racing.getById = async (coll, id) => {
      const doc = await db.getById(coll, id);
      if (coll === COLLECTIONS.campaigns) await saveCampaign(db, 'staff', { ...edit, name: 'A 的名字' }, T0);
      return doc;
    };
    await expect(saveCampaign(racing, 'staff', { ...edit, name: 'B 的名字' }, T0)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await db.getById(COLLECTIONS.campaigns, 'c1')).toMatchObject({ name: 'A 的名字', revision: 1 });
  });
});

describe('a save that lands while dispatch starts the campaign', () => {
  it.each([
    ['a later millisecond', 1],
    ['the millisecond the campaign was stored in', 0],
  ])('is what gets sent, never the version dispatch read before it (save in %s)', async (_label, saveAt) => {
    const { db } = memoryDb();
    const live = (await knownSegments(db)).map((s) => Number(s.id));
    const stored = { ...priceDropCampaign({ _id: 'c1', segments: [live[0]], holdoutPct: 0 }), status: 'scheduled', nextRunAt: T0, updatedAt: T0 };
    await db.insert(COLLECTIONS.campaigns, [stored]);
    await db.insert(COLLECTIONS.products, [{ _id: 'p1', name: '羊毛围巾', categoryId: 'c1', priceFen: 19_900, stock: 10 }]);
    // u1 is in the segment the campaign targeted; u2 in the one the staff member switches it to
    for (const [openid, segment] of [['u1', live[0]], ['u2', live[1]]] as const) {
      await db.insert(COLLECTIONS.profiles, [{ _id: openid, openid, rev: 1, d: {}, segment }]);
      await db.insert(COLLECTIONS.consents, [{ _id: openid, granted: true, grantedAt: 1, personalization: true }]);
      await db.insert(COLLECTIONS.grants, [{ _id: grantId(openid, PRICE_DROP_TEMPLATE), openid, templateId: PRICE_DROP_TEMPLATE, available: 1, accepted: 1, consumed: 0 }]);
    }
    const edit: Record<string, unknown> = { ...stored, name: '围巾降价', segments: [live[1]] };
    for (const k of ['status', 'createdBy', 'createdAt', 'updatedAt', 'nextRunAt']) delete edit[k];

    // The staff member's save lands right after dispatch read the due campaigns.
    const racing = Object.create(db) as typeof db;
    let saved: unknown = null;
    racing.find = async (coll, where, o) => {
      const found = await db.find(coll, where, o);
      if (coll === COLLECTIONS.campaigns && !saved) saved = await saveCampaign(db, 'staff', edit, T0 + saveAt);
      return found;
    };
    const sent: string[] = [];
    const send: Sender = wechatSend(async (m) => void sent.push(m.touser));
    const opts = { ...DEFAULT_DISPATCH, campaignId: 'c1', retry: { maxAttempts: 1, baseDelayMs: 0 } };
    await runDispatch(racing, send, 'run-1', opts);
    expect(saved).toMatchObject({ segments: [live[1]] }); // the save was answered as done
    expect(sent).not.toContain('u1');
    await runDispatch(db, send, 'run-2', opts);
    expect(sent).toEqual(['u2']);
  });
});
