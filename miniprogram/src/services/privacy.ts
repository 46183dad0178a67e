/** The `privacy` function (built by the ingest engineer), typed loosely for the pages. */
import { call } from './api';
import type { ExportPage } from './data-export';

import type { ConsentView } from '../../../cloudfunctions/common/contracts/consent';

/** Consent text version and the consent answer: one contract with the privacy function. */
export { CONSENT_VERSION } from '../../../cloudfunctions/common/contracts/consent';
/** The consent answer (`privacy` getConsent/setConsent), as the pages read it. */
export type ConsentInfo = ConsentView;

/** What `privacy.me` answers: my profile in plain words. */
export interface MeSummary {
  hasProfile: boolean;
  lines: string[];
  /** worded for the customer (never staff's segment name); `explain` absent from older servers */
  segment: { name: string; explain?: string; reasons: string[] } | null;
  topCategories: { categoryId: string; name: string; weight: number }[];
  personalization: boolean;
}

export const privacyApi = {
  getConsent: () => call<ConsentInfo>('privacy', { action: 'getConsent' }),
  setConsent: (version: number) => call<ConsentInfo>('privacy', { action: 'setConsent', version }),
  withdrawConsent: () => call<{ withdrawnAt: number; deleted: Record<string, number> }>('privacy', { action: 'withdrawConsent' }),
  setPersonalization: (enabled: boolean) => call<ConsentInfo>('privacy', { action: 'setPersonalization', enabled }),
  exportMyData: (cursor?: string) => call<ExportPage>('privacy', { action: 'exportMyData', ...(cursor ? { cursor } : {}) }),
  deleteMyData: () => call<{ deleted: Record<string, number>; consentKept: true }>('privacy', { action: 'deleteMyData' }),
  me: () => call<MeSummary>('privacy', { action: 'me' }),
};
