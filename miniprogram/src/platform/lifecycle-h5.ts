/**
 * h5 lifecycle signals. Page changes come from Taro's router event `__afterTaroRouterChange`
 * (fired after each page is shown, including the first); the app "hides" when the document
 * becomes hidden or the page is being unloaded (reload, tab close) and "shows" when visible again.
 * There is no share menu in a browser, so no share signal.
 */
import Taro from '@tarojs/taro';
import type { LifecyclePort } from '../tracking/ports';

export const h5Lifecycle: LifecyclePort = {
  onAppShow(cb) {
    const h = () => {
      if (document.visibilityState === 'visible') cb({});
    };
    document.addEventListener('visibilitychange', h);
    return () => document.removeEventListener('visibilitychange', h);
  },
  onAppHide(cb) {
    const vis = () => {
      if (document.visibilityState === 'hidden') cb();
    };
    document.addEventListener('visibilitychange', vis);
    window.addEventListener('pagehide', cb);
    return () => {
      document.removeEventListener('visibilitychange', vis);
      window.removeEventListener('pagehide', cb);
    };
  },
  onPageShow(cb) {
    const h = (e: { toLocation?: { path?: string } }) => {
      if (e?.toLocation?.path) cb(e.toLocation.path);
    };
    Taro.eventCenter.on('__afterTaroRouterChange', h);
    return () => Taro.eventCenter.off('__afterTaroRouterChange', h);
  },
  onPageHide: () => () => undefined,
  onShare: () => () => undefined,
};

/** The page on screen now (the first `__afterTaroRouterChange` may fire before we subscribe). */
export function currentH5Path(): string | undefined {
  const hash = window.location.hash.replace(/^#/, '');
  return hash ? hash.split('?')[0] : undefined;
}
