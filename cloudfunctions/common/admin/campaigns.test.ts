import { priceDropCampaign } from '../campaign/testing/price-drop-campaign';
import { COLLECTIONS } from '../contracts/collections';
import { QxError } from '../contracts/errors';
import { memoryDb } from '../db/testing/memory-sdk';
import { dispatchCampaign, knownSegments, listCampaigns, staleTargets } from './campaigns';

const T0 = Date.UTC(2026, 11, 4, 2);

describe('campaigns whose targets were retired', () => {
  it('staleTargets names the targets that no longer exist, model and rule alike', () => {
    const live = new Set(['1', '2', 'rule:r1']);
    expect(staleTargets({ segments: [1, 2] }, live)).toEqual([]);
    expect(staleTargets({ segments: [1, 3, 'rule:r1', 'rule:gone'] }, live)).toEqual(['3', 'rule:gone']);
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
    expect(started).toEqual([]);
    expect(await db.getById(COLLECTIONS.campaigns, 'old')).toMatchObject({ status: 'draft' });
    const sent = await dispatchCampaign(db, 'ok', async (id) => started.push(id), T0);
    expect(started).toEqual(['ok']);
    expect(sent.campaign.staleTargets).toEqual([]);
  });
});
