/** Signs a browser in as a customer or staff openid (the dev-session cookie `/dev/login` sets). */
import type { BrowserContext } from 'playwright-core';
import type { FullCloud } from '../../../scripts/local-cloud/cloud';

export async function signIn(context: BrowserContext, cloud: FullCloud, openid: string): Promise<void> {
  const [name, ...rest] = cloud.sessionCookieFor(openid).split('=');
  await context.addCookies([{ name: name as string, value: rest.join('='), url: cloud.url, httpOnly: true, sameSite: 'Strict' }]);
}
