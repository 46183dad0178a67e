/** A purchase export split at the calibration end → what the segment evaluation reads. */
import type { PurchaseHistory } from '../../cloudfunctions/common/value/history';
import { endOfDay, historyCustomer, usefulnessInputAt } from './purchase-profiles';
import type { UsefulnessInput } from './segment-eval';

/**
 * Customers who bought on or before the calibration end (day number, inclusive), as of the end of
 * that day, with the hold-out up to the end of `holdoutEnd`. `withAmounts` = the export has an
 * amount column.
 */
export function usefulnessInput(histories: Iterable<PurchaseHistory>, calibrationEnd: number, holdoutEnd: number, withAmounts: boolean): UsefulnessInput {
  const customers = [...histories].map((h, i) => historyCustomer(String(i), h));
  return usefulnessInputAt(customers, endOfDay(calibrationEnd), endOfDay(holdoutEnd), withAmounts);
}
