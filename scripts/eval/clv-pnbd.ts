/**
 * The field's other baseline beside BG/NBD in `eval:clv`: Pareto/NBD (common/value/pareto-nbd.ts)
 * fitted on the same calibration-period summaries of every customer and judged on the same
 * customers. It is a reference figure only: the product does not predict with it.
 */
import { rfmAt, type PurchaseHistory } from '../../cloudfunctions/common/value/history';
import {
  fitParetoNbd,
  paretoNbdExpected,
  type ParetoNbdFit,
} from '../../cloudfunctions/common/value/pareto-nbd';

/**
 * Fits Pareto/NBD on `histories` (each already cut at `end`, non-empty) and returns E[Y] over
 * `horizonDays` for those `judged`.
 */
export function paretoNbdBaseline(
  histories: readonly PurchaseHistory[],
  end: number,
  horizonDays: number,
  judged: readonly boolean[],
): { fit: ParetoNbdFit; expected: number[] } {
  const rfm = histories.map((h) => rfmAt(h, end));
  const fit = fitParetoNbd(rfm);
  const expected = rfm.filter((_, i) => judged[i]).map((c) => paretoNbdExpected(fit, c, horizonDays / 7));
  return { fit, expected };
}

/** The fit's line in the command's output. */
export const paretoNbdLine = (p: ParetoNbdFit): string =>
  `pnbd r=${p.r.toFixed(4)} alpha=${p.alpha.toFixed(4)} s=${p.s.toFixed(4)} beta=${p.beta.toFixed(4)} ll=${p.logLikelihood.toFixed(2)}`;
