/**
 * The caller's OPENID down a `cloud.callFunction` chain, under both readings of the local cloud
 * (`QX_CHAIN_OPENID`, scripts/local-cloud/functions/invoke-action.ts): WeChat does not document
 * whether a function called by a function sees the first caller's OPENID. Through the real
 * wx-server-sdk in the functions: the switch itself (a fixture caller → echo), then every chain
 * the product makes — admin → dispatch (staff's 发送), admin → value and admin → refit (staff's
 * 模型训练) — works for staff under both, and a customer gains nothing under either: the callees
 * decide from getWXContext() alone (common/admin/guard.ts), with OPENID → staff check, without it
 * → the last SOURCE hop must be inside the cloud.
 */
import type { Reply } from '../helpers/reply';
import { campaignDoc, makeCustomers, seedShop, startFixtureCloud, STAFF, type Fixture } from './dispatch-fixtures';
import { startFixtureCloud as startProbeCloud, type FixtureCloud } from './runtime-cloud-helper';

jest.setTimeout(240_000);

const CUSTOMER = 'cust000001';

describe.each(['pass', 'drop'] as const)('QX_CHAIN_OPENID=%s', (mode) => {
  describe('the switch (fixture functions)', () => {
    let probe: FixtureCloud;
    beforeAll(async () => {
      probe = await startProbeCloud({ chainOpenid: mode });
    });
    afterAll(() => probe?.close());

    it('the callee sees the caller’s user identity only under pass; the SOURCE chain under both', async () => {
      const out = (await probe.cloud.invokeFunction('caller', { target: 'echo' }, { openid: 'o_carol', appid: 'wx_app', source: 'wx_client' })) as {
        ok: boolean;
        ctx: { OPENID?: string };
        res: { result: { ctx: { OPENID?: string; APPID?: string; SOURCE?: string } } };
      };
      expect(out.ok).toBe(true);
      expect(out.ctx.OPENID).toBe('o_carol');
      const seen = out.res.result.ctx;
      expect(seen.SOURCE).toBe('wx_client,scf');
      if (mode === 'pass') expect(seen).toMatchObject({ OPENID: 'o_carol', APPID: 'wx_app' });
      else expect([seen.OPENID ?? '', seen.APPID ?? '']).toEqual(['', '']);
    });
  });

  describe('the product’s chains', () => {
    let fx: Fixture;
    const call = (fn: string, event: unknown, openid: string) =>
      fx.cloud.invokeFunction(fn, event, { openid, source: 'wx_client' }) as Promise<Reply>;
    const admin = (event: unknown, openid = STAFF) => call('admin', event, openid);

    beforeAll(async () => {
      fx = await startFixtureCloud({ chainOpenid: mode });
      await seedShop(fx.cloud, makeCustomers(12));
    });
    afterAll(() => fx?.close());

    it('admin → dispatch: staff’s 立即发送 runs the dispatcher and sends', async () => {
      const campaign: Record<string, unknown> = { ...campaignDoc('x'), holdoutPct: 0 };
      for (const k of ['_id', 'status', 'createdBy', 'createdAt', 'updatedAt', 'nextRunAt']) delete campaign[k];
      const saved = await admin({ action: 'campaignSave', campaign });
      expect(saved.error).toBeUndefined();
      const d = await admin({ action: 'campaignDispatch', id: saved.data._id });
      expect(d.error).toBeUndefined();
      expect(d.data.run.ok).toBe(true);
      expect(fx.cloud.db.collection('outbox').count({ campaignId: saved.data._id, status: 'sent' })).toBeGreaterThan(0);
    });

    it('admin → value and admin → refit: staff’s 模型训练 is worked on in the same request', async () => {
      const value = await admin({ action: 'modelRefit', model: 'value' });
      expect(value.data).toMatchObject({ created: true, tick: { runId: value.data.runId, status: 'succeeded' } });
      const seg = await admin({ action: 'modelRefit', model: 'segmentation' });
      expect(seg.error).toBeUndefined();
      expect(seg.data.tick).not.toBeNull();
      expect(seg.data.tick.error).toBeUndefined();
    });

    it('a customer gains nothing: admin refuses them before any chain, the callees refuse them directly', async () => {
      expect((await admin({ action: 'modelRefit', model: 'value' }, CUSTOMER)).error?.code).toBe('FORBIDDEN');
      expect((await call('dispatch', { action: 'run' }, CUSTOMER)).error?.code).toBe('FORBIDDEN');
      expect((await call('value', { action: 'refit' }, CUSTOMER)).error?.code).toBe('FORBIDDEN');
      expect((await call('refit', { action: 'tick', kind: 'refit:segmentation' }, CUSTOMER)).error?.code).toBe('FORBIDDEN');
    });
  });
});
