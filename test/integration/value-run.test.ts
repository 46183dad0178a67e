/**
 * value through the REAL function (esbuild bundle, child process, real wx-server-sdk) against the
 * local cloud: the timer fits the shop's value model on its profiles and writes predictions on
 * every buyer's profile; staff can ask for a refit, which resumes across calls when its budget
 * runs out; status shows the version and data window; customers cannot call it.
 */
import { buyerProfile } from '../helpers/profiles';
import { startIngestCloud, type IngestCloud } from './track-cloud';

type Reply = { ok: boolean; data?: any; error?: { code: string; message: string } };
let c: IngestCloud;
const timer = { Type: 'Timer', TriggerName: 'value-every-10-min', Time: new Date().toISOString() };

beforeAll(async () => {
  c = await startIngestCloud(2);
  const now = Date.now();
  const profiles = c.cloud.db.collection('profiles');
  // Regular buyers still buying, regular buyers gone quiet, one-off buyers, and a browser.
  for (let i = 0; i < 15; i++)
    profiles.insert(
      buyerProfile(
        `loyal${String(i).padStart(2, '0')}`,
        now,
        Array.from({ length: 20 }, (_, k) => 1 + i + 15 * k),
        { fen: 20000 + 1000 * i },
      ),
    );
  for (let i = 0; i < 15; i++)
    profiles.insert(
      buyerProfile(`quiet${String(i).padStart(2, '0')}`, now, [200 + i, 215 + i, 230 + i, 245 + i, 260 + i], {
        fen: 15000,
      }),
    );
  for (let i = 0; i < 12; i++)
    profiles.insert(buyerProfile(`once${String(i).padStart(2, '0')}`, now, [20 + 25 * i], { fen: 9900 }));
  profiles.insert({ _id: 'browser', openid: 'browser', rev: 1, d: { d20240101: { pv: 3 } } });
  await c.cloud.db.collection('admins').insert({ _id: 'staff_demo', role: 'staff' });
}, 120_000);
afterAll(async () => c?.close());

describe('value function', () => {
  it('timer: fits on the profiles and writes predictions on every buyer', async () => {
    const r = await c.call<Reply>('value', timer, undefined, 'wx_trigger');
    expect(r.error).toBeUndefined();
    expect(r.data).toMatchObject({ status: 'completed', fitted: true, scored: 42 });
    const profiles = c.cloud.db.collection('profiles');
    const loyal = profiles.get('loyal00')!.value as any;
    const quiet = profiles.get('quiet00')!.value as any;
    expect(loyal).toMatchObject({ version: r.data.version, churnRisk: 'low' });
    expect(quiet.churnRisk).toBe('high');
    expect(quiet.churnReason).toMatch(/^已\d+天未购买，以往约每15天购买一次/);
    expect(loyal.purchases90d).toBeGreaterThan(quiet.purchases90d);
    expect(loyal.pActive).toBeGreaterThan(quiet.pActive);
    expect(loyal.spend90dFen).toBeGreaterThan(quiet.spend90dFen);
    expect(Number.isInteger(loyal.spend90dFen)).toBe(true);
    expect(profiles.get('browser')!.value).toBeUndefined();
    // A second timer call within the day neither refits nor rescans.
    const again = await c.call<Reply>('value', timer, undefined, 'wx_trigger');
    expect(again.data).toMatchObject({ status: 'idle', fitted: false });
  }, 120_000);

  it('refit on request resumes across calls within small budgets; status shows version and window', async () => {
    // A 1 ms budget: the call fits and stops before scoring, however fast the machine; timer calls resume.
    let r = await c.call<Reply>('value', { action: 'refit', budgetMs: 1, pageSize: 4 }, 'staff_demo');
    expect(r.ok).toBe(true);
    expect(r.data.fitted).toBe(true);
    let calls = 1;
    while (r.data.status === 'scoring' && calls < 40) {
      r = await c.call<Reply>('value', timer, undefined, 'wx_trigger');
      calls++;
    }
    expect(r.data.status).toBe('completed');
    expect(calls).toBeGreaterThan(1);
    const s = await c.call<Reply>('value', { action: 'status' }, 'staff_demo');
    expect(s.data.job).toMatchObject({ phase: 'idle', version: r.data.version, dataWindow: { n: 42 } });
    expect(s.data.job.model).toBeUndefined();
  }, 180_000);

  it('refuses customers and malformed requests with stable codes', async () => {
    expect((await c.call<Reply>('value', { action: 'refit' }, 'loyal00')).error?.code).toBe('FORBIDDEN');
    expect((await c.call<Reply>('value', { action: 'explode' }, 'staff_demo')).error?.code).toBe(
      'INVALID_INPUT',
    );
  }, 60_000);
});
