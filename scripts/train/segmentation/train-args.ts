/** Command-line options of train:segments and loading of the training rows. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readBehaviorDir } from './behavior-data';
import { featuresOf } from './profiles-from-behavior';
import { featuresFromCloud } from './profiles-from-cloud';
import { toolCredentials } from '../../local-cloud/auth/credentials';
import { stage } from './progress';
import type { SelectOptions } from '../../../cloudfunctions/common/segment-fit';

/** Parsed options. */
export interface TrainOptions extends SelectOptions {
  fromData: string | null;
  fromCloud: string | null;
  /** Data dir of that cloud, whose credentials.json signs the requests (`--cloud-data`; default QX_DATA_DIR or .qx/data). */
  cloudDataDir: string | null;
  out: string;
  epochs: number;
  /** which shared data set to fit on (`--source`); one population, never a union by default */
  source: DataSource;
}

/** Data sets of `--from-data`: CDNOW (default), the Taobao sample, or both (the old union, for comparison only). */
export type DataSource = 'cdnow' | 'taobao' | 'both';
const SOURCES: readonly DataSource[] = ['cdnow', 'taobao', 'both'];

const ROOT = path.resolve(__dirname, '../../..');

/** Where the model is written (`--out`; default models/segmentation). */
export function outDir(argv: string[]): string {
  const i = argv.indexOf('--out');
  const given = i >= 0 && argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[i + 1] : null;
  return path.resolve(given ?? path.join(ROOT, 'models/segmentation'));
}

/** Parse argv (flags as in the file header of train.ts). */
export function parseArgs(argv: string[]): TrainOptions {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 && argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[i + 1] : null;
  };
  const num = (flag: string, d: number) => {
    const v = get(flag);
    if (v === null) return d;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`${flag} needs a number, got "${v}"`);
    return n;
  };
  const quick = argv.includes('--quick');
  const fromCloud = get('--from-cloud');
  if (argv.includes('--from-cloud') && !fromCloud) throw new Error('--from-cloud needs the local cloud URL, e.g. http://127.0.0.1:8600');
  const defaultData = path.resolve(ROOT, '../shared/data/behavior');
  const fromData = fromCloud ? null : (get('--from-data') ?? defaultData);
  if (fromData && !fs.existsSync(fromData)) throw new Error(`no behaviour data at ${fromData}; pass --from-data DIR or --from-cloud URL`);
  const source = (get('--source') ?? 'cdnow') as DataSource;
  if (!SOURCES.includes(source)) throw new Error(`--source must be one of ${SOURCES.join(', ')}`);
  const o: TrainOptions = {
    fromData,
    source,
    fromCloud,
    cloudDataDir: get('--cloud-data') ? path.resolve(get('--cloud-data') as string) : null,
    out: outDir(argv),
    seed: num('--seed', 20240601),
    kMin: num('--k-min', 3),
    kMax: num('--k-max', 8),
    epochs: num('--epochs', quick ? 3 : 25),
    fitSample: num('--fit-sample', quick ? 3000 : 20000),
    evalSample: num('--eval-sample', quick ? 600 : 2500),
    bootstraps: num('--bootstraps', quick ? 2 : 5),
    restarts: num('--restarts', quick ? 2 : 4),
  };
  if (o.kMin < 2 || o.kMax < o.kMin || o.kMax > 12) throw new Error('--k-min/--k-max must satisfy 2 ≤ k-min ≤ k-max ≤ 12');
  return o;
}

/** Model-input rows, each row's origin (taobao/cdnow/cloud), a description of the source and a content hash. */
export async function loadRows(o: TrainOptions): Promise<{ input: number[][]; origins: string[]; source: string; hash: string }> {
  if (o.fromCloud) {
    const bar = stage('profiles (cloud)', 1);
    const creds = toolCredentials(o.cloudDataDir ?? undefined);
    const { input } = await featuresFromCloud(o.fromCloud, creds, Date.now(), (n) => bar.update(0, `${n} profiles`));
    bar.stop();
    const hash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
    return { input, origins: input.map(() => 'cloud'), source: `local cloud ${o.fromCloud} (profiles collection)`, hash };
  }
  const dir = o.fromData as string;
  const { customers, files } = readBehaviorDir(dir, o.source);
  const h = createHash('sha256');
  for (const f of files) h.update(fs.readFileSync(f));
  const bar = stage('profiles (data)', customers.length);
  const { input } = featuresOf(customers, (n) => bar.update(n));
  bar.stop();
  const described = { taobao: 'Taobao sample (814 users, 2017-12-04)', cdnow: 'CDNOW (snapshots 1997-04-01, 1997-10-01, 1998-07-01)' };
  const used = o.source === 'both' ? `${described.taobao} + ${described.cdnow}` : described[o.source];
  return { input, origins: customers.map((c) => c.source), source: `shared data: ${used}`, hash: h.digest('hex') };
}
