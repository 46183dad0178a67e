/**
 * weapp lifecycle signals. App show/hide come from `wx.onAppShow/onAppHide`. Page show/hide and
 * shares come from wrapping the global `Page` constructor before Taro's page modules call it
 * (app.js runs first): each wrapped hook calls the original first and returns its result
 * untouched, so share paths and titles stay as the page set them, and no hook is ADDED that the
 * page did not have (adding `onShareAppMessage` would turn on the share menu). Taro's event
 * proxy (`eh`) and other config keys are passed through as they are.
 */
import Taro from '@tarojs/taro';
import type { LifecyclePort } from '../tracking/ports';

type Listener<T> = (x: T) => void;
const pageShow = new Set<Listener<string>>();
const pageHide = new Set<Listener<string>>();
const share = new Set<Listener<{ path: string; channel: 'friend' | 'timeline' }>>();
let patched = false;

function safe(fn: () => void): void {
  try {
    fn();
  } catch {
    // A listener must never break the page.
  }
}

function routeOf(inst: unknown): string {
  const r = (inst as { route?: string; __route__?: string } | null) ?? {};
  return '/' + String(r.route ?? r.__route__ ?? '').replace(/^\//, '');
}

type Hook = (this: unknown, ...args: unknown[]) => unknown;

function wrap(options: Record<string, unknown>, key: string, after: (inst: unknown, args: unknown[], ret: unknown) => void, onlyIfPresent: boolean): void {
  const original = options[key] as Hook | undefined;
  if (typeof original !== 'function' && onlyIfPresent) return;
  options[key] = function (this: unknown, ...args: unknown[]) {
    const ret = typeof original === 'function' ? original.apply(this, args) : undefined;
    safe(() => after(this, args, ret));
    return ret;
  };
}

/** Installs the `Page` wrapper once (call at the top of app.ts, before pages load). */
export function patchWeappPage(): void {
  const g = globalThis as unknown as { Page?: (o: Record<string, unknown>) => unknown };
  if (patched || typeof g.Page !== 'function') return;
  const OriginalPage = g.Page;
  g.Page = function patchedPage(options: Record<string, unknown>) {
    wrap(options, 'onShow', (inst) => pageShow.forEach((l) => l(routeOf(inst))), false);
    wrap(options, 'onHide', (inst) => pageHide.forEach((l) => l(routeOf(inst))), false);
    wrap(options, 'onUnload', (inst) => pageHide.forEach((l) => l(routeOf(inst))), false);
    wrap(options, 'onShareAppMessage', (inst, _a, ret) => share.forEach((l) => l({ path: sharePath(inst, ret), channel: 'friend' })), true);
    wrap(options, 'onShareTimeline', (inst, _a, ret) => share.forEach((l) => l({ path: sharePath(inst, ret), channel: 'timeline' })), true);
    return OriginalPage(options);
  };
  patched = true;
}

function sharePath(inst: unknown, ret: unknown): string {
  const p = (ret as { path?: unknown; query?: unknown } | undefined)?.path;
  return typeof p === 'string' && p ? p : routeOf(inst);
}

function add<T>(set: Set<Listener<T>>, cb: Listener<T>): () => void {
  set.add(cb);
  return () => set.delete(cb);
}

export const weappLifecycle: LifecyclePort = {
  onAppShow(cb) {
    const h = (o: { scene?: number }) => cb({ scene: o?.scene });
    Taro.onAppShow(h as never);
    return () => Taro.offAppShow(h as never);
  },
  onAppHide(cb) {
    const h = () => cb();
    Taro.onAppHide(h);
    return () => Taro.offAppHide(h);
  },
  onPageShow: (cb) => add(pageShow, cb),
  onPageHide: (cb) => add(pageHide, cb),
  onShare: (cb) => add(share, cb),
};
