/**
 * Where a trend's model changed. A refit or a rollback moves the at-risk count or the segments'
 * shares overnight, and without a mark that jump reads as a change in customers. The points carry
 * the version the server recorded with each (value_snapshots.version, segment_runs.modelVersion).
 */

/** The colour of a change's dashed line and of its legend entry. */
export const VERSION_MARK_COLOR = '#8c8c8c';

/** One point of a trend: its x label and the version that made it. */
export interface VersionPoint {
  label: string;
  /**
   * The version that made the point; null: none served (the value model's 不预测); undefined:
   * not recorded (old segment runs), never taken for a change.
   */
  version: string | null | undefined;
}

/** A change of model between two points: where to draw it and what it says. */
export interface VersionMark {
  /** The first point the new version made. */
  index: number;
  /** 「模型更新为 v」, 「模型回退为 v」 (a version the trend showed before) or 「停用模型（不预测）」. */
  text: string;
  /** The legend's entry: the point's label and the text. */
  legend: string;
}

/** What the change to `to` says; `seen`: the versions earlier points showed. */
function changeText(to: string | null, seen: ReadonlySet<string>): string {
  if (to === null) return '停用模型（不预测）';
  return seen.has(to) ? `模型回退为 ${to}` : `模型更新为 ${to}`;
}

/**
 * Every point whose version differs from the last recorded one before it. The first recorded
 * point marks nothing: the trend does not show what served before it.
 */
export function versionMarks(points: ReadonlyArray<VersionPoint>): VersionMark[] {
  const marks: VersionMark[] = [];
  const seen = new Set<string>();
  let last: string | null | undefined;
  points.forEach((p, index) => {
    if (p.version === undefined) return;
    if (last !== undefined && p.version !== last) {
      const text = changeText(p.version, seen);
      marks.push({ index, text, legend: `${p.label} ${text}` });
    }
    if (p.version !== null) seen.add(p.version);
    last = p.version;
  });
  return marks;
}

/** The marks as legend rows beside the series' (a grey swatch: the dashed line's colour). */
export const markLegend = (marks: ReadonlyArray<VersionMark>): Array<{ name: string; color: string }> =>
  marks.map((m) => ({ name: m.legend, color: VERSION_MARK_COLOR }));
