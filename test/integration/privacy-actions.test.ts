/**
 * The privacy function through the REAL function runtime and SDK: consent, opt-out, export,
 * delete, withdrawal with tombstone, and the plain-Chinese `me` summary.
 */
import { tombstoneId } from '../../cloudfunctions/common/consent/policy';
import { ev, startIngestCloud, type IngestCloud } from './track-cloud';

import type { Reply } from '../helpers/reply';
let c: IngestCloud;
const call = (event: unknown, openid = 'p1') => c.call<Reply>('privacy', event, openid);

beforeAll(async () => {
  c = await startIngestCloud(2);
});
afterAll(async () => c?.close());

async function customerWithData(openid: string): Promise<void> {
  expect((await call({ action: 'setConsent', version: 1 }, openid)).ok).toBe(true);
  const events = [
    ev({ props: { productId: 'p1', categoryId: 'c1' } }),
    ev({
      name: 'purchase',
      props: {
        orderId: 'o1',
        amountFen: 12_900,
        items: [{ productId: 'p1', categoryId: 'c1', quantity: 1, priceFen: 12_900 }],
      },
    }),
    ev({
      name: 'review_submit',
      props: { productId: 'p1', categoryId: 'c1', text: '质量很好，很满意，还会再买', rating: 5 },
    }),
  ];
  // History with a purchase: a trusted import (a client cannot send purchases).
  const r = await c.importAs<Reply>(openid, events);
  expect(r.data.accepted).toBe(3);
  await c.cloud.db
    .collection('grants')
    .insert({ _id: `${openid}:tpl1`, openid, templateId: 'tpl1', available: 1, accepted: 1, rejected: 0 });
}

describe('privacy', () => {
  it('records consent with version and time; refuses unknown versions and actions', async () => {
    expect((await call({ action: 'getConsent' })).data).toMatchObject({
      granted: false,
      current: false,
      currentVersion: 1,
    });
    const set = await call({ action: 'setConsent', version: 1 });
    expect(set.data).toMatchObject({ granted: true, current: true, version: 1, personalization: true });
    expect(typeof set.data.grantedAt).toBe('number');
    expect((await call({ action: 'setConsent', version: 99 })).error?.code).toBe('INVALID_INPUT');
    expect((await call({ action: 'setConsent', version: '1' })).error?.code).toBe('INVALID_INPUT');
    expect((await call({ action: 'dropTables' })).error).toEqual({ code: 'UNKNOWN_ACTION', message: '未知操作' });
    expect((await c.call<Reply>('privacy', { action: 'getConsent' }, undefined)).error?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('opts out of personalised pushes (PIPL art. 24), even without tracking consent', async () => {
    // A customer who consented opts out: the consent stays (it read the first test's p1).
    expect((await call({ action: 'setConsent', version: 1 }, 'p_opt')).ok).toBe(true);
    expect((await call({ action: 'setPersonalization', enabled: false }, 'p_opt')).data.personalization).toBe(false);
    expect(c.cloud.db.collection('consents').get('p_opt')).toMatchObject({
      granted: true,
      personalization: false,
    });
    const fresh = await call({ action: 'setPersonalization', enabled: false }, 'p_never');
    expect(fresh.data).toMatchObject({ granted: false, current: false, personalization: false });
  });

  it('exports everything about the caller only, ignoring a payload openid', async () => {
    await customerWithData('p2');
    await customerWithData('p3');
    const r = await call({ action: 'exportMyData', openid: 'p3' }, 'p2');
    expect(r.ok).toBe(true);
    expect(r.data.openid).toBe('p2');
    expect(r.data.consent).toMatchObject({ granted: true, version: 1 });
    expect(r.data.profile._id).toBe('p2');
    expect(r.data.events).toHaveLength(3);
    expect(r.data.events.every((e: { openid: string }) => e.openid === 'p2')).toBe(true);
    expect(r.data.grants).toEqual([expect.objectContaining({ templateId: 'tpl1', openid: 'p2' })]);
    expect(r.data.nextCursor).toBeNull();
    expect(r.data).toMatchObject({ orders: [], outbox: [], segmentHistory: [], deadLetters: [] });
    // The copy says how to read it: parts read one after another, not one instant's snapshot.
    expect(r.data.readme).toMatch(/^本导出分页读取：.*不是同一时刻的快照/);
  });

  it('exports every outbox row of a customer with more than one query page of them', async () => {
    expect((await call({ action: 'setConsent', version: 1 }, 'p_heavy')).ok).toBe(true);
    const rows = Array.from({ length: 1050 }, (_, i) => ({
      _id: `camp${String(i).padStart(4, '0')}:p_heavy`,
      openid: 'p_heavy',
      campaignId: `camp${i}`,
      status: 'sent',
    }));
    await c.cloud.db.collection('outbox').insert(rows);
    const r = await call({ action: 'exportMyData' }, 'p_heavy');
    expect(r.data.outbox).toHaveLength(1050);
    expect(new Set(r.data.outbox.map((d: { _id: string }) => d._id)).size).toBe(1050);
  });

  it('pages the export by bytes: every answer stays far under the 1 MB cap, every event comes back once', async () => {
    expect((await call({ action: 'setConsent', version: 1 }, 'p_long')).ok).toBe(true);
    const text = '很好'.repeat(750); // 1,500 characters, 4.5 KB of UTF-8
    await c.cloud.db.collection('events').insert(
      Array.from({ length: 600 }, (_, i) => ({
        _id: `p_long:r${String(i).padStart(4, '0')}`,
        openid: 'p_long',
        name: 'review_submit',
        ts: Date.now() - i,
        props: { productId: 'p1', text, rating: 5 },
      })),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    let answers = 0;
    do {
      const r = await call({ action: 'exportMyData', ...(cursor ? { cursor } : {}) }, 'p_long');
      expect(Buffer.byteLength(JSON.stringify(r))).toBeLessThan(600 * 1024);
      seen.push(...r.data.events.map((e: { _id: string }) => e._id));
      cursor = r.data.nextCursor ?? undefined;
      answers++;
    } while (cursor && answers < 50);
    expect(answers).toBeGreaterThanOrEqual(6);
    expect(new Set(seen).size).toBe(600);
    expect(seen).toHaveLength(600);
  });

  it('pages every list by bytes: a long outbox continues on the next page, nothing lost or repeated', async () => {
    expect((await call({ action: 'setConsent', version: 1 }, 'p_outbox')).ok).toBe(true);
    await c.cloud.db.collection('outbox').insert(
      Array.from({ length: 3000 }, (_, i) => ({
        _id: `c${String(i).padStart(4, '0')}:p_outbox`,
        openid: 'p_outbox',
        campaignId: `c${i}`,
        status: 'sent',
        note: '已送达'.repeat(40),
      })),
    );
    const lists: Record<string, string[]> = {};
    let cursor: string | undefined;
    let answers = 0;
    do {
      const r = await call({ action: 'exportMyData', ...(cursor ? { cursor } : {}) }, 'p_outbox');
      expect(Buffer.byteLength(JSON.stringify(r))).toBeLessThan(600 * 1024);
      for (const k of ['outbox', 'events', 'grants']) (lists[k] ??= []).push(...r.data[k].map((d: { _id: string }) => d._id));
      cursor = r.data.nextCursor ?? undefined;
      answers++;
    } while (cursor && answers < 50);
    expect(answers).toBeGreaterThanOrEqual(2);
    expect(new Set(lists.outbox).size).toBe(3000);
    expect(lists.outbox).toHaveLength(3000);
  });

  // Each of the last three has customers of its own (they read the export test's p2 and p3).
  it('summarises the profile in plain Chinese', async () => {
    await customerWithData('p_me');
    const r = await call({ action: 'me' }, 'p_me');
    expect(r.data.hasProfile).toBe(true);
    const text = r.data.lines.join('');
    expect(text).toContain('购买1次');
    expect(text).toContain('消费129元');
    expect(text).toContain('偏正面');
    expect(text).toMatch(/评价/);
    expect((await call({ action: 'me' }, 'p_nobody')).data.lines[0]).toContain('没有保存');
  });

  it('deletes data but keeps the consent choice', async () => {
    await customerWithData('p_del');
    await customerWithData('p_keep');
    const r = await call({ action: 'deleteMyData' }, 'p_del');
    expect(r.data).toMatchObject({
      deleted: { events: 3, profile: 1, grants: 1, deadLetters: 0, segmentHistory: 0 },
      consentKept: true,
    });
    const db = c.cloud.db;
    expect(db.collection('events').count({ openid: 'p_del' })).toBe(0);
    expect(db.collection('profiles').get('p_del')).toBeNull();
    expect(db.collection('grants').count({ openid: 'p_del' })).toBe(0);
    expect(db.collection('consents').get('p_del')).toMatchObject({ granted: true });
    expect(db.collection('events').count({ openid: 'p_keep' })).toBe(3);
  });

  it('withdraws: deletes everything, keeps only a hashed tombstone, refuses late events', async () => {
    await customerWithData('p_wd');
    const r = await call({ action: 'withdrawConsent' }, 'p_wd');
    expect(r.data.deleted).toEqual({ events: 3, profile: 1, grants: 1, deadLetters: 0, segmentHistory: 0, subscribePushes: 0, artifacts: 0, exports: 0 });
    const db = c.cloud.db;
    expect(db.collection('consents').get('p_wd')).toBeNull();
    const tomb = db.collection('consents').get(tombstoneId('p_wd'))!;
    expect(tomb).toMatchObject({ tombstone: true, withdrawnAt: r.data.withdrawnAt });
    expect(JSON.stringify(tomb)).not.toContain('p_wd');
    const late = await c.call<Reply>('track', { events: [ev()] }, 'p_wd');
    expect(late.error?.code).toBe('CONSENT_REQUIRED');
    expect(db.collection('events').count({ openid: 'p_wd' })).toBe(0);
    expect((await call({ action: 'getConsent' }, 'p_wd')).data).toMatchObject({
      granted: false,
      current: false,
    });
  });

  // One group had three names: 常客 on 我的, 活跃买家·近期高消费 in her export with nothing tying
  // them. The export keeps staff's names (what the shop holds) and gives 我的's name beside each.
  it("names her segment in the export as 我的 does, staff's stored name beside it, in her profile and history", async () => {
    await customerWithData('p_seg');
    const at = Date.now();
    await c.cloud.db.collection('profiles').update({ _id: 'p_seg' }, { $set: { segment: 2, segmentName: '活跃买家·近期高消费', segmentPhrase: '活跃买家', segmentReasons: [] } });
    await c.cloud.db.collection('segment_history').insert([
      { _id: 'h1:p_seg', openid: 'p_seg', from: null, fromName: null, to: 7, toName: '沉睡/流失风险·季度低消费', at: at - 2, modelVersion: 'v', passId: 'h1' },
      { _id: 'h2:p_seg', openid: 'p_seg', from: 7, fromName: '沉睡/流失风险·季度低消费', to: 2, toName: '活跃买家·近期高消费', at: at - 1, modelVersion: 'v', passId: 'h2' },
    ]);
    const shown = (await call({ action: 'me' }, 'p_seg')).data.segment.name;
    expect(shown).toBe('常客');
    const r = await call({ action: 'exportMyData' }, 'p_seg');
    expect(r.data.profile).toMatchObject({ segmentName: '活跃买家·近期高消费', segmentPhrase: '活跃买家', segmentNameShown: shown });
    expect(r.data.segmentHistory.map((h: Record<string, unknown>) => [h.fromName ?? null, h.fromNameShown ?? null, h.toName, h.toNameShown])).toEqual([
      [null, null, '沉睡/流失风险·季度低消费', '好久不见'],
      ['沉睡/流失风险·季度低消费', '好久不见', '活跃买家·近期高消费', shown],
    ]);
    expect(r.data.readme).toContain('segmentNameShown 是「我的」页上你所在分群的名称');
  });
});
