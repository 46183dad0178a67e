/**
 * Uplift of a campaign against its holdout group: the difference of two conversion proportions
 * with a 95% Wald confidence interval (Newcombe's hybrid score interval would be tighter for tiny
 * groups; Wald is what staff can check by hand, and we flag groups too small to say anything).
 */

/** Conversions out of a group size. */
export interface Proportion {
  conversions: number;
  size: number;
}

/** Uplift with its 95% interval, in proportion units (0.05 = 5 percentage points). */
export interface Uplift {
  treatmentRate: number | null;
  controlRate: number | null;
  uplift: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** False when either group is empty (no estimate) or has < 30 members (too small to trust). */
  reliable: boolean;
}

const Z95 = 1.959963984540054;

/** treatment rate − control rate, ± 1.96 · sqrt(p1(1−p1)/n1 + p2(1−p2)/n2). */
export function upliftCI(treatment: Proportion, control: Proportion): Uplift {
  const rate = (p: Proportion): number | null => (p.size > 0 ? p.conversions / p.size : null);
  const p1 = rate(treatment);
  const p2 = rate(control);
  if (p1 === null || p2 === null) {
    return { treatmentRate: p1, controlRate: p2, uplift: null, ciLow: null, ciHigh: null, reliable: false };
  }
  const se = Math.sqrt((p1 * (1 - p1)) / treatment.size + (p2 * (1 - p2)) / control.size);
  const d = p1 - p2;
  return {
    treatmentRate: p1,
    controlRate: p2,
    uplift: d,
    ciLow: d - Z95 * se,
    ciHigh: d + Z95 * se,
    reliable: treatment.size >= 30 && control.size >= 30,
  };
}
