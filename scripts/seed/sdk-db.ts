/**
 * The real wx-server-sdk database, pointed at a local cloud by URL (the same wire the functions
 * use). The SDK reads `TCB_CONTEXT_CNFG` and the keys it signs with from the environment on every
 * call; the keys are the cloud's (its `credentials`, or `credentials.json` in its data dir).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { credentialsEnv, type CloudCredentials } from '../local-cloud/auth/credentials';

/** `cloud.database()` of a wx-server-sdk initialised against `cloudUrl`, signing with `credentials`. */
export function sdkDatabase(cloudUrl: string, credentials: CloudCredentials): any {
  return sdkCloud(cloudUrl, credentials).database();
}

/** The wx-server-sdk itself, initialised against `cloudUrl` (database, callFunction, …), signing with `credentials`. */
export function sdkCloud(cloudUrl: string, credentials: CloudCredentials): any {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${cloudUrl.replace(/\/$/, '')}/admin` });
  Object.assign(process.env, credentialsEnv(credentials));
  // Without it @cloudbase/node-sdk probes a Tencent metadata host before every call (~60 ms each).
  process.env.TENCENTCLOUD ??= 'true';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk');
  sdk.init({ env: process.env.TCB_ENV ?? 'qx-local' });
  return sdk;
}
