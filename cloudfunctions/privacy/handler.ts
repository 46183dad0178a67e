/** Routes a parsed privacy request to its action. */
import { QxError } from '../common/contracts/errors';
import { requestOf } from '../common/contracts/platform-event';
import { refusalText, UNKNOWN_ACTION_TEXT } from '../common/contracts/refusal-text';
import { getConsent, setConsent, setPersonalization, withdrawConsent } from './actions/consent';
import { deleteMyData, exportMyData } from './actions/data';
import { me } from './actions/me';
import type { PrivacyDeps } from './deps';
import { PRIVACY_ACTIONS, privacyRequest } from './request';

/** Validates `raw` and runs the action; throws QxError. */
export async function handlePrivacy(raw: unknown, deps: PrivacyDeps): Promise<unknown> {
  const action = (raw as { action?: unknown } | null)?.action;
  if (typeof action !== 'string' || !(PRIVACY_ACTIONS as readonly string[]).includes(action)) {
    // No echo of what was sent: the app shows this text, and it is a wire name (or a payload whose
    // own toString could throw, {"action": {"toString": -1}}, which once turned this into INTERNAL).
    throw new QxError('UNKNOWN_ACTION', UNKNOWN_ACTION_TEXT);
  }
  const p = privacyRequest.safeParse(requestOf(raw));
  if (!p.success) {
    const i = p.error.issues[0];
    throw new QxError('INVALID_INPUT', refusalText('参数错误', i));
  }
  const r = p.data;
  switch (r.action) {
    case 'getConsent':
      return getConsent(deps);
    case 'setConsent':
      return setConsent(deps, r);
    case 'withdrawConsent':
      return withdrawConsent(deps);
    case 'setPersonalization':
      return setPersonalization(deps, r);
    case 'exportMyData':
      return exportMyData(deps, r);
    case 'deleteMyData':
      return deleteMyData(deps);
    case 'me':
      return me(deps);
  }
}
