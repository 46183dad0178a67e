/**
 * The real wx-server-sdk database, pointed at a local cloud by URL (the same wire the functions
 * use). The SDK reads `TCB_CONTEXT_CNFG` and the dummy keys from the environment on every call.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

/** `cloud.database()` of a wx-server-sdk initialised against `cloudUrl`. */
export function sdkDatabase(cloudUrl: string): any {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${cloudUrl.replace(/\/$/, '')}/admin` });
  process.env.TENCENTCLOUD_SECRETID ??= 'qx-local-secret-id';
  process.env.TENCENTCLOUD_SECRETKEY ??= 'qx-local-secret-key';
  // Without it @cloudbase/node-sdk probes a Tencent metadata host before every call (~60 ms each).
  process.env.TENCENTCLOUD ??= 'true';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk');
  sdk.init({ env: process.env.TCB_ENV ?? 'qx-local' });
  return sdk.database();
}
