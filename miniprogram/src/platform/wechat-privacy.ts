/**
 * WeChat's own privacy authorisation (基础库 2.32.3+): before a privacy-relevant WeChat interface
 * runs, WeChat asks the app to show its privacy guide; the app answers through `resolve` after
 * the user taps a `<Button openType="agreePrivacyAuthorization">`. This is WeChat's consent for
 * WeChat's interfaces — it is NOT our tracking consent, which is recorded separately
 * (privacy.setConsent with its version) from the consent sheet.
 */
import Taro from '@tarojs/taro';
import { IS_WEAPP } from './env';

type Resolve = (o: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void;

/** Registers `show` to be called when WeChat needs the privacy guide agreed; returns nothing on h5. */
export function onNeedWechatPrivacy(show: (resolve: Resolve) => void): void {
  if (!IS_WEAPP) return;
  const api = Taro as unknown as { onNeedPrivacyAuthorization?: (l: (resolve: Resolve) => void) => void };
  if (typeof api.onNeedPrivacyAuthorization !== 'function') return; // older base library: nothing to do
  api.onNeedPrivacyAuthorization((resolve) => {
    resolve({ event: 'exposureAuthorization' });
    show(resolve);
  });
}

/** Opens WeChat's rendering of the mini program's privacy guide (weapp only). */
export function openPrivacyContract(): void {
  if (IS_WEAPP) Taro.openPrivacyContract({});
}
