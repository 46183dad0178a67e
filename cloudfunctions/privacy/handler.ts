/** Routes a parsed privacy request to its action. */
import { QxError } from '../common/contracts/errors';
import { requestOf } from '../common/contracts/platform-event';
import { refusalText } from '../common/contracts/refusal-text';
import { getConsent, setConsent, setPersonalization, withdrawConsent } from './actions/consent';
import { deleteMyData, exportMyData } from './actions/data';
import { me } from './actions/me';
import type { PrivacyDeps } from './deps';
import { PRIVACY_ACTIONS, privacyRequest } from './request';

/** Validates `raw` and runs the action; throws QxError. */
export async function handlePrivacy(raw: unknown, deps: PrivacyDeps): Promise<unknown> {
  const action = (raw as { action?: unknown } | null)?.action;
  if (typeof action !== 'string' || !(PRIVACY_ACTIONS as readonly string[]).includes(action)) {
    // Echo only a string: String() of an object runs its own toString, and a payload can make that
    // throw ({"action": {"toString": -1}}), which turned a refusal into INTERNAL.
    throw new QxError('UNKNOWN_ACTION', `未知操作：${typeof action === 'string' ? action.slice(0, 60) : typeof action}`);
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
