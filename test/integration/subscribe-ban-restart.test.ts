/**
 * The local cloud's emulated ban of the app's subscribe messages (43107) is WeChat's state, not
 * ours: like a real ban it outlives a restart of the cloud (kept in `_wx_subscribe_ban`), and only
 * liftBan ends it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFullCloud } from '../../scripts/local-cloud/cloud';

jest.setTimeout(120_000);

it('a ban holds across a restart until it is lifted', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-ban-'));
  const start = () => startFullCloud({ dataDir, timers: false, maxInstances: 1, log: () => undefined });
  try {
    const first = await start();
    await first.subscribe.banSubscribe({ templates: ['tpl_price_drop'] });
    await first.close();
    const second = await start();
    try {
      expect(second.subscribe.bannedFor('tpl_price_drop')).toBe(true);
      expect(second.subscribe.bannedFor('tpl_back_in_stock')).toBe(false);
      expect((await second.subscribe.send({ touser: 'o_x', template_id: 'tpl_price_drop', data: {} })).errcode).toBe(43107);
      await second.subscribe.liftBan();
      expect(second.subscribe.bannedFor('tpl_price_drop')).toBe(false);
    } finally {
      await second.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
