/**
 * The one name staff see for a segment id, on every admin page (分群's cards, map, trend and CSV,
 * 价值's revenue chart, campaign and rule targeting). Before, the map fell back to the name the
 * segment job stored on profiles while the stats cards did not, so one segment read 「分群 3」
 * on a card and 新客 in the map's legend.
 */

/** Stands for the customers no pass has segmented yet (stats key `none`). */
export const UNSEGMENTED_NAME = '未分群';

/** Where a segment's name can come from, strongest first. */
export interface SegmentNameSources {
  /** The name in the model meta that made the id (the run's version, else the serving one). */
  model?: string | null;
  /**
   * The name the segment job stored on the profiles (`segmentName`): the same model's name, as
   * of the pass — kept when that version's meta is no longer readable.
   */
  stored?: string | null;
}

const given = (s: string | null | undefined): s is string => typeof s === 'string' && s.trim() !== '';

/**
 * The model's name, else the profiles' stored name, else 未分群 for `none` and 「分群 <id>」. The
 * model wins because a refit can rename ids before the next pass rewrites the profiles.
 */
export function segmentDisplayName(id: string | number, names: SegmentNameSources = {}): string {
  if (given(names.model)) return names.model;
  if (given(names.stored)) return names.stored;
  return String(id) === 'none' ? UNSEGMENTED_NAME : `分群 ${id}`;
}
