/**
 * The app's staff check (see staff-check.ts). Lives in the main package on purpose: the admin
 * pages are a subpackage, and the main package must not pull their code in just to ask this.
 */
import { callFunction } from '../platform';
import { createStaffCheck } from './staff-check';

export const staffCheck = createStaffCheck((name, data) => callFunction(name, data));

/** True only when the signed-in user is shop staff. */
export const isStaff = (): Promise<boolean> => staffCheck.isStaff();
