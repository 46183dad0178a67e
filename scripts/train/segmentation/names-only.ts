/**
 * `npm run train:segments -- --names-only [--out DIR]`: rewrites a trained model's meta.json with
 * its segments named in today's words, and nothing else. A naming rule renamed after a model was
 * fitted (segments/display-name.ts RENAMED_SEGMENT_NAMES) leaves the old name in its meta; a
 * retrain would write today's name too, but also new bytes, a new version and new ids to match.
 * The centroids, ids, explanations, version and model.onnx stay exactly as trained: the rename is
 * the same mapping every reader applies on load (segments/meta.ts withCurrentNames).
 */
import fs from 'node:fs';
import path from 'node:path';
import { withCurrentNames, type SegmentationMeta } from '../../../cloudfunctions/common/segments/meta';

/** The meta does not belong to the model beside it, or is missing. */
export class NamesOnlyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NamesOnlyError';
  }
}

/** What a names-only rewrite changed. */
export interface NamesOnlyResult {
  version: string;
  /** each segment whose stored name was not today's */
  renamed: Array<{ id: number; from: string; to: string }>;
  /** false when the meta already named every segment in today's words (file untouched) */
  written: boolean;
}

/** Renames `dir`/meta.json's segments in today's words; model.onnx is read (to check it is the meta's), never written. */
export function rewriteNames(dir: string): NamesOnlyResult {
  const metaPath = path.join(dir, 'meta.json');
  const onnxPath = path.join(dir, 'model.onnx');
  if (!fs.existsSync(metaPath) || !fs.existsSync(onnxPath)) throw new NamesOnlyError(`--names-only needs a trained model: no meta.json and model.onnx in ${dir}`);
  const text = fs.readFileSync(metaPath, 'utf8');
  const meta = JSON.parse(text) as SegmentationMeta;
  // exportSegmenter writes the version into the graph's doc string: a meta of another training run is refused
  if (typeof meta.version !== 'string' || !fs.readFileSync(onnxPath).includes(Buffer.from(meta.version)))
    throw new NamesOnlyError(`meta.json (version ${String(meta.version)}) is not the meta of ${onnxPath}`);
  const now = withCurrentNames(meta);
  const renamed = meta.segments.flatMap((s, i) => (s.name === now.segments[i].name ? [] : [{ id: s.id, from: s.name, to: now.segments[i].name }]));
  if (renamed.length > 0) fs.writeFileSync(metaPath, `${JSON.stringify(now, null, 2)}\n`);
  return { version: meta.version, renamed, written: renamed.length > 0 };
}
