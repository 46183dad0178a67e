/** Pure helpers of the 客户价值 page (labels and units), tested without Taro. */
import type { ValueSnapshot } from '../../../../cloudfunctions/common/contracts/value-replies';

/** Fen → `¥1,234` (whole yuan; `¥0.5` below one yuan). */
export function yuan(fen: number): string {
  const y = fen / 100;
  return y > 0 && y < 1 ? `¥${y.toFixed(1)}` : `¥${Math.round(y).toLocaleString('en-US')}`;
}

const short = (fen: number) => {
  const y = fen / 100;
  return y >= 10_000 ? `${y / 10_000}万` : y >= 1000 ? `${y / 1000}千` : String(y);
};

/** Histogram bin labels: each bin's lower edge in yuan (ten fit on a phone): `0`, `10`, …, `5千+`. */
export function spendBinLabels(edgesFen: number[]): string[] {
  return edgesFen.map((e, k) => (k === edgesFen.length - 1 ? `${short(e)}+` : short(e)));
}

/** Segment label for the revenue chart. */
export const segmentLabel = (s: ValueSnapshot['bySegment'][number]): string =>
  s.segment === 'none' ? '未分群' : (s.name ?? `分群 ${s.segment}`);

/** `12-04` from `2026-12-04`. */
export const monthDay = (day: string): string => day.slice(5);
