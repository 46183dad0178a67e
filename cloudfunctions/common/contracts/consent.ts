/**
 * The consent contract between the mini program and the privacy function: the version of the
 * consent text and what the privacy function answers about a customer's consent. Platform-free:
 * the app compiles it in, so the sheet and the server can never disagree on the version.
 */

/** Version of the privacy policy / consent text the customer must have agreed to. Raise it to ask again. */
export const CONSENT_VERSION = 1;

/** What `privacy.getConsent` / `setConsent` / `setPersonalization` answer. */
export interface ConsentView {
  granted: boolean;
  /** Granted, not withdrawn, for the current text version. */
  current: boolean;
  version: number | null;
  currentVersion: number;
  grantedAt: number | null;
  withdrawnAt: number | null;
  /** Personalised pushes allowed (PIPL art. 24 opt-out when false). */
  personalization: boolean;
}
