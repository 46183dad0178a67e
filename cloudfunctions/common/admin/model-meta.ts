/**
 * Segment names and explanations for the admin page, from models/segmentation/meta.json (the
 * admin package ships meta.json only, not the ONNX graph). Null when no model is installed yet:
 * the page then shows raw segment ids. A meta.json that exists but cannot be read or is not a
 * segmentation meta is NOT "no model": it throws {@link ModelLoadError} ('bad_meta', logged with
 * the file and the cause), so staff see an error instead of silently unnamed segments. Only a
 * good read is cached; "none" and failures are looked at again on the next call (cheap: one
 * existence check), so an installed or repaired model is picked up without a restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { COLLECTIONS } from '../contracts/collections';
import { readKeysDeep } from '../db/stored-keys';
import type { Db } from '../db/wx-db';
import { ModelLoadError } from '../inference/errors';
import { findModelDir } from '../inference/models-dir';
import { withCurrentNames, type SegmentationMeta } from '../segments/meta';
import { phraseOfRule } from '../segments/naming';
import { NON_BUYER_GROUP } from '../segments/non-buyers';
import { storedExplanation } from '../segments/stored-explanation';

let cached: SegmentationMeta | undefined;

function parseMeta(file: string): SegmentationMeta {
  const meta = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SegmentationMeta> | null;
  if (!meta || typeof meta.version !== 'string' || !Array.isArray(meta.segments))
    throw new Error('not a segmentation meta (version or segments missing)');
  return withCurrentNames(meta as SegmentationMeta);
}

/** The installed segmentation meta, or null when none is installed; throws when it is unreadable. */
export function loadSegmentMeta(dir: string | null = findModelDir('segmentation')): SegmentationMeta | null {
  if (cached) return cached;
  if (!dir) return null;
  const file = path.join(dir, 'meta.json');
  try {
    cached = parseMeta(file);
    return cached;
  } catch (err) {
    const e = new ModelLoadError('segmentation', 'bad_meta', `cannot use ${file}: ${(err as Error).message}`, {
      cause: err,
    });
    console.error('[admin] segmentation meta unreadable; segment names unavailable', e);
    throw e;
  }
}

/** Forgets the cached meta (tests). */
export function resetSegmentMetaCache(): void {
  cached = undefined;
  versionMetas.clear();
}

// A version's meta never changes once published: cached per container by version name.
const versionMetas = new Map<string, SegmentationMeta>();

/**
 * The meta of the segmentation SERVING now — the shop's refitted version when the model store's
 * pointer names one (its ids and names are what profiles carry), else the shipped meta.json.
 * One pointer read per call (what serves can change at any time: a refit, a rollback).
 */
export async function servingSegmentMeta(db: Db): Promise<{ version: string; meta: SegmentationMeta | null }> {
  const pointer = (await db.getById(COLLECTIONS.modelPointers, 'segmentation')) as { serving?: string | null } | null;
  const v = pointer?.serving;
  if (!v) return { version: loadSegmentMeta()?.version ?? 'shipped', meta: loadSegmentMeta() };
  const meta = await segmentMetaOf(db, v);
  if (!meta) throw new ModelLoadError('segmentation', 'bad_meta', `serving version ${v} has no segmentation meta`);
  return { version: v, meta };
}

/** The meta of segmentation version `v` (the shipped meta.json's own version, or a shop version); null when unknown. */
export async function segmentMetaOf(db: Db, v: string): Promise<SegmentationMeta | null> {
  const shipped = loadSegmentMeta();
  if (shipped && v === shipped.version) return shipped;
  let meta = versionMetas.get(v);
  if (!meta) {
    const doc = (await db.getById(COLLECTIONS.modelVersions, `segmentation@${v}`)) as { meta?: SegmentationMeta } | null;
    if (!doc?.meta?.segments) return null;
    meta = withCurrentNames({ ...readKeysDeep(doc.meta), version: v }); // stored with escaped keys (model-store/wx-ports.ts)
    versionMetas.set(v, meta);
  }
  return meta;
}

/**
 * Names for the segment ids of the latest pass, made by `runModel`: between a new version going
 * live and the segment job's next pass (up to 10 minutes) profiles still carry the previous
 * version's ids, which the serving meta may not know or may mean otherwise — so the run's own
 * version names its ids, and the serving version names the rest.
 */
export async function runSegmentCatalog(db: Db, runModel: string | null | undefined) {
  const serving = await servingSegmentMeta(db);
  const catalog = segmentCatalog(serving.meta);
  if (runModel && runModel !== serving.version) {
    const ran = await segmentMetaOf(db, runModel);
    if (ran) for (const [id, entry] of segmentCatalog(ran)) catalog.set(id, entry);
  }
  return { serving, catalog };
}

/**
 * id → {name, phrase, explanation} from the meta, plus the fixed non-buyer group (id 0,
 * segments/non-buyers.ts) that every model's pass assigns beside its own segments; empty when no
 * model.
 */
export function segmentCatalog(meta = loadSegmentMeta()): Map<string, CatalogEntry> {
  if (!meta) return new Map();
  const entries: Array<[string, CatalogEntry]> = meta.segments.map((s) => [
    String(s.id),
    // the phrase the segment job writes on profiles of this segment (segmentPhrase)
    { name: s.name, phrase: phraseOfRule(s.rule), explanation: storedExplanation(meta, s), profile: s.profile },
  ]);
  const g = NON_BUYER_GROUP;
  entries.push([String(g.id), { name: g.name, phrase: phraseOfRule(g.rule), explanation: g.explanation }]);
  return new Map(entries);
}

/** One segment as the admin names it. */
export interface CatalogEntry {
  name: string;
  phrase: string;
  explanation: string;
  /** the centre in raw units (model segments only) */
  profile?: Record<string, number>;
}
