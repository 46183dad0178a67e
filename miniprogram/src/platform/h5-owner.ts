/**
 * h5 only: which signed-in customer the device's queue belongs to. In the h5 build the identity
 * is a dev-session cookie that can change under a running page (another customer signs in on
 * this browser); events queued for one customer must never be sent under another's session.
 * weapp needs none of this: switching WeChat accounts restarts the mini program with its own storage.
 */
import { IS_H5 } from './env';

const KEY = 'qx.owner';

/** The signed-in openid per the gateway (`GET /gateway/session`), or null when unknown. */
async function sessionOpenid(): Promise<string | null> {
  try {
    const res = await fetch('/gateway/session', { credentials: 'same-origin', cache: 'no-store' });
    if (!res.ok) return null;
    const body = (await res.json()) as { openid?: unknown };
    return typeof body.openid === 'string' ? body.openid : null;
  } catch {
    return null;
  }
}

/** Records the current session as the queue's owner (after 同意). */
export async function rememberQueueOwner(): Promise<void> {
  if (!IS_H5) return;
  const who = await sessionOpenid();
  if (who) window.localStorage.setItem(KEY, who);
  else window.localStorage.removeItem(KEY);
}

/** Forgets the owner (consent forgotten or withdrawn). */
export function forgetQueueOwner(): void {
  if (IS_H5) window.localStorage.removeItem(KEY);
}

/** True when sending now would go out under the queue owner's session (always true in weapp). */
export async function sessionIsQueueOwner(): Promise<boolean> {
  if (!IS_H5) return true;
  const owner = window.localStorage.getItem(KEY);
  if (!owner) return true; // consent given before owners were recorded: the launch check covers it
  return (await sessionOpenid()) === owner;
}

/**
 * Whose device-local shop state this is: the signed-in openid in h5 (several customers may sign
 * in on one browser; '' when the gateway cannot say), one constant in weapp, whose storage is
 * per WeChat account already.
 */
export async function customerOnDevice(): Promise<string> {
  if (!IS_H5) return 'wx';
  return (await sessionOpenid()) ?? '';
}
