/**
 * Targets a stored campaign still holds that the editor no longer offers: a model segment a refit
 * retired, a rule segment that was deleted. The editor lists only what can be chosen now, so such
 * a target was selected but invisible — it could not be taken off, and the save failed on it.
 */
import type { EditorOptions } from '../services/admin-api';

/** The selected targets that are neither a current model segment nor a saved rule segment. */
export function unofferedTargets(
  selected: ReadonlyArray<number | string>,
  opts: Pick<EditorOptions, 'segments' | 'ruleSegments'>,
): Array<number | string> {
  const offered = new Set([...opts.segments.map((s) => String(s.id)), ...(opts.ruleSegments ?? []).map((r) => r.id)]);
  return selected.filter((t) => !offered.has(String(t)));
}

/** The offered rules and, after them, those found by a name search that are not among them (each once). */
export function withFound<R extends { id: string }>(offered: ReadonlyArray<R>, found: ReadonlyArray<R>): R[] {
  const ids = new Set(offered.map((r) => r.id));
  const out = [...offered];
  for (const r of found) {
    if (ids.has(r.id)) continue;
    ids.add(r.id);
    out.push(r);
  }
  return out;
}
