/**
 * `npm run db:init`: creates the schema's collections through the REAL wx-server-sdk, in a real
 * CloudBase env (QX_CLOUD_ENV + TENCENTCLOUD_SECRETID/SECRETKEY) or in a local cloud
 * (`--local http://127.0.0.1:8600 [--data DIR]`, signing with `DIR/credentials.json`, default
 * QX_DATA_DIR or `.qx/data`). Indexes and security rules have no server-SDK API: the local
 * cloud applies them from the same file at start ({@link applyLocalIndexes}); for a real env this
 * prints what to enter in the CloudBase console.
 */
import path from 'node:path';
import { credentialsEnv, toolCredentials } from '../local-cloud/auth/credentials';
import { SCHEMA, type DbSchema } from './schema';

/** The part of `cloud.database()` this step uses. */
export interface SdkDatabase {
  createCollection(name: string): Promise<unknown>;
}

/** The part of the local cloud's in-process handle this step uses. */
export interface LocalIndexTarget {
  ensureIndex(collection: string, field: string): Promise<void>;
  collections(): string[];
  createCollection(name: string): Promise<void>;
}

/** Outcome per collection. */
export type InitResult = Record<string, 'created' | 'exists'>;

const alreadyExists = (err: unknown) => /exist/i.test(String((err as Error)?.message ?? err));

/** Creates every collection that does not exist yet; existing ones are left alone. */
export async function createCollections(db: SdkDatabase, schema: DbSchema = SCHEMA): Promise<InitResult> {
  const out: InitResult = {};
  for (const c of schema.collections) {
    try {
      await db.createCollection(c.name);
      out[c.name] = 'created';
    } catch (err) {
      if (!alreadyExists(err)) throw err;
      out[c.name] = 'exists';
    }
  }
  return out;
}

/**
 * Declares the schema's indexes in a local cloud. Its indexes are single-field hash indexes, so a
 * compound index declares each of its fields (the leading field does the narrowing).
 */
export async function applyLocalIndexes(local: LocalIndexTarget, schema: DbSchema = SCHEMA): Promise<void> {
  const existing = new Set(local.collections());
  for (const c of schema.collections) {
    if (!existing.has(c.name)) await local.createCollection(c.name).catch((e) => (alreadyExists(e) ? undefined : Promise.reject(e)));
    for (const idx of c.indexes) for (const f of idx) await local.ensureIndex(c.name, f);
  }
}

/** Console instructions for what the SDK cannot create (indexes, rules). */
export function consoleInstructions(schema: DbSchema = SCHEMA): string {
  const lines = ['In the CloudBase console (云开发控制台 → 数据库), for each collection:'];
  for (const c of schema.collections) {
    const idx = c.indexes.map((i) => i.map((f) => `${f} 升序`).join(' + ')).join('; ') || '(none)';
    lines.push(`  ${c.name}: 索引管理 → ${idx}; 数据权限 → 自定义安全规则 ${JSON.stringify(c.rules)}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const localIdx = args.indexOf('--local');
  let env: string;
  if (localIdx >= 0) {
    const url = args[localIdx + 1] ?? 'http://127.0.0.1:8600';
    const dataIdx = args.indexOf('--data');
    // The local cloud refuses unsigned requests: sign with the keys of its run (credentials.json).
    const creds = toolCredentials(dataIdx >= 0 ? path.resolve(args[dataIdx + 1]) : undefined);
    Object.assign(process.env, {
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${url.replace(/\/$/, '')}/admin` }),
      ...credentialsEnv(creds),
      TENCENTCLOUD: 'true',
    });
    env = 'local';
  } else if (process.env.QX_CLOUD_ENV && process.env.TENCENTCLOUD_SECRETID && process.env.TENCENTCLOUD_SECRETKEY) {
    env = process.env.QX_CLOUD_ENV;
  } else {
    console.error('db:init: set QX_CLOUD_ENV, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY, or pass --local URL');
    process.exit(2);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk');
  cloud.init({ env });
  const res = await createCollections(cloud.database());
  for (const [name, r] of Object.entries(res)) console.log(`${name.padEnd(16)} ${r}`);
  if (env !== 'local') console.log(`\n${consoleInstructions()}`);
  else console.log('local cloud: indexes and rules are applied by the local cloud itself from scripts/db/schema.json');
}

if (require.main === module)
  main().catch((err) => {
    console.error(`db:init failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
