/**
 * Segment names and explanations for the admin page, from models/segmentation/meta.json (the
 * admin package ships meta.json only, not the ONNX graph). Null when no model is installed yet:
 * the page then shows raw segment ids.
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolveModelDir } from '../inference/segmentation-model';
import type { SegmentationMeta } from '../segments/meta';
import { phraseOfRule } from '../segments/naming';

let cached: { meta: SegmentationMeta | null } | null = null;

/** The installed segmentation meta, or null. Read once per container. */
export function loadSegmentMeta(): SegmentationMeta | null {
  if (cached) return cached.meta;
  try {
    const dir = resolveModelDir('segmentation');
    cached = { meta: JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as SegmentationMeta };
  } catch {
    cached = { meta: null };
  }
  return cached.meta;
}

/** id → {name, phrase, explanation} from the meta (empty when no model). */
export function segmentCatalog(
  meta = loadSegmentMeta(),
): Map<string, { name: string; phrase: string; explanation: string; profile?: Record<string, number> }> {
  return new Map(
    (meta?.segments ?? []).map((s) => [
      String(s.id),
      // the phrase the segment job writes on profiles of this segment (segmentPhrase)
      { name: s.name, phrase: phraseOfRule(s.rule), explanation: s.explanation, profile: s.profile },
    ]),
  );
}
