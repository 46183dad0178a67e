/**
 * The per-source section of models/segmentation/report.md lives between two markers, so
 * `eval:segment-sources --write` can replace it and `train:segments` can carry it over when it
 * rewrites the rest of the report.
 */
export const PER_SOURCE_START = '<!-- per-source quality: npm run eval:segment-sources -- --write -->';
export const PER_SOURCE_END = '<!-- end per-source quality -->';

/** The marked section of a report (markers included), or null. */
export function perSourceSection(report: string): string | null {
  const a = report.indexOf(PER_SOURCE_START);
  const b = report.indexOf(PER_SOURCE_END);
  return a >= 0 && b > a ? report.slice(a, b + PER_SOURCE_END.length) : null;
}

/** The report with its marked section replaced by `body` (appended when there is none). */
export function replacePerSourceSection(report: string, body: string): string {
  const section = `${PER_SOURCE_START}\n${body.trimEnd()}\n${PER_SOURCE_END}`;
  const old = perSourceSection(report);
  return old ? report.replace(old, section) : `${report.trimEnd()}\n\n${section}\n`;
}

/** `fresh` with the marked section of `old` carried over (unchanged when `old` has none). */
export function carryPerSourceSection(old: string | null, fresh: string): string {
  const section = old === null ? null : perSourceSection(old);
  return section ? `${fresh.trimEnd()}\n\n${section}\n` : fresh;
}
