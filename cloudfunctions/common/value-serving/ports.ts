/** What the value refit and scoring jobs need from the platform (wx-ports.ts is the real one). */
import type { ProfileDoc } from '../profile/types';
import type { ProfileValue } from '../value/profile-value';
import type { ValueSnapshot } from './snapshot';

/** The profiles and the snapshot collection. */
export interface ValueDataPorts {
  /** profiles with _id > after, in _id order */
  pageProfiles(after: string, limit: number): Promise<ProfileDoc[]>;
  /** sets `value` on a profile (not its update marker: predictions do not make a profile dirty) */
  writeValue(openid: string, value: ProfileValue): Promise<void>;
  /** removes `value` from a profile (no version serves any more) */
  clearValue(openid: string): Promise<void>;
  saveSnapshot(s: ValueSnapshot): Promise<void>;
  /**
   * Customers erased since `since` (ms; common/consent/erasures.ts): the pass neither writes nor
   * keeps a prediction for them. Absent (memory ports of unit tests): nobody is.
   */
  erasedSince?(since: number): Promise<(openid: string) => boolean>;
}
