/** Platform adapters for this build (weapp or h5), chosen at compile time. */
import type { LifecyclePort } from '../tracking/ports';
import { IS_H5 } from './env';
import { h5Lifecycle } from './lifecycle-h5';
import { weappLifecycle } from './lifecycle-weapp';

export { callFunction, initCloud, type CallOutcome, type Envelope } from './call-function';
export { consoleLogger, realClock } from './clock';
export { IS_H5, IS_WEAPP } from './env';
export { currentH5Path } from './lifecycle-h5';
export { patchWeappPage } from './lifecycle-weapp';
export { platformStorage } from './storage';
export { H5_SUBSCRIBE_EVENT, MAX_TEMPLATES_PER_REQUEST, requestSubscribe, SubscribeError, type H5SubscribeAsk, type SubscribeAnswer, type SubscribeTemplate } from './subscribe';
export { customerOnDevice, forgetQueueOwner, rememberQueueOwner } from './h5-owner';
export { trackTransport } from './transport';
export { onNeedWechatPrivacy, openPrivacyContract } from './wechat-privacy';

/** Lifecycle signals of this platform. */
export function platformLifecycle(): LifecyclePort {
  return IS_H5 ? h5Lifecycle : weappLifecycle;
}
