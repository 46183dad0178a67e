/**
 * Stand-ins for the WeChat globals the weapp build expects (wx, App, Page, getApp,
 * getCurrentPages), so the REAL Taro output in `miniprogram/dist/weapp` can run under Node/jsdom.
 * They do what the WeChat client does for the parts our app touches: storage in memory,
 * `wx.cloud.callFunction` answered by the test, `setData` with WeChat's path keys.
 */
import fs from 'node:fs';
import path from 'node:path';
import { waitUntil } from '../helpers/wait-until';

type Dict = Record<string, unknown>;
type AnyFn = (...a: unknown[]) => unknown;

/** A page instance as WeChat would create it, with the data `setData` built up. */
export interface CapturedPage {
  route: string;
  data: Dict & { root?: unknown };
  options: Dict;
}

let appConfig: Dict | null = null;
let appInstance: Dict | null = null;
const pages: CapturedPage[] = [];
let pageHandler: (cfg: Dict) => void = () => undefined;

/** Applies one `setData` key such as `root.cn.[0].v` or `root.cn[1]` to `target`. */
export function setPath(target: Dict, key: string, value: unknown): void {
  const parts = key
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((p) => p !== '');
  let cur: Dict = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i] as string;
    if (cur[k] === undefined || cur[k] === null || typeof cur[k] !== 'object') cur[k] = /^\d+$/.test(parts[i + 1] as string) ? [] : {};
    cur = cur[k] as Dict;
  }
  cur[parts[parts.length - 1] as string] = value;
}

/** Installs the globals; `callFunction` answers `wx.cloud.callFunction` (the function's result). */
export function installWeappStandIns(opts: { callFunction: (name: string, data: Dict) => Promise<unknown> }) {
  const storage = new Map<string, unknown>();
  const listeners: Record<string, AnyFn[]> = {};
  const on = (k: string) => (cb: AnyFn) => void (listeners[k] ??= []).push(cb);
  const off = (k: string) => (cb: AnyFn) => void (listeners[k] = (listeners[k] ?? []).filter((x) => x !== cb));
  const sys = { platform: 'devtools', windowWidth: 375, windowHeight: 667, screenWidth: 375, screenHeight: 667, pixelRatio: 2, SDKVersion: '3.4.0', version: '8.0.50' };
  const wx: Dict = {
    getStorageSync: (k: string) => (storage.has(k) ? storage.get(k) : ''),
    setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
    removeStorageSync: (k: string) => void storage.delete(k),
    getStorageInfoSync: () => ({ keys: [...storage.keys()], currentSize: 0, limitSize: 10240 }),
    getSystemInfoSync: () => sys,
    getWindowInfo: () => sys,
    getDeviceInfo: () => sys,
    getAppBaseInfo: () => sys,
    nextTick: (fn: () => void) => setTimeout(fn, 0),
    onAppShow: on('appShow'),
    offAppShow: off('appShow'),
    onAppHide: on('appHide'),
    offAppHide: off('appHide'),
    showToast: () => undefined,
    canIUse: () => true,
    cloud: {
      init: () => undefined,
      callFunction: async ({ name, data, success, fail }: { name: string; data: Dict; success?: AnyFn; fail?: AnyFn }) => {
        try {
          const res = { result: await opts.callFunction(name, data), errMsg: 'cloud.callFunction:ok' };
          success?.(res);
          return res;
        } catch (err) {
          fail?.(err);
          throw err;
        }
      },
    },
  };
  const g = globalThis as unknown as Dict;
  g.wx = wx;
  g.App = (cfg: Dict) => {
    appConfig = cfg;
  };
  g.getApp = () => appInstance;
  g.Page = (cfg: Dict) => pageHandler(cfg);
  g.getCurrentPages = () => pages;
  g.requirePlugin = () => ({});
  return {
    storage,
    /** Loads app.js (and the common/vendors/taro/runtime chunks it requires), then launches. */
    loadApp(dist: string) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(dist, 'app.js'));
      if (!appConfig) throw new Error('app.js did not call App()');
      appInstance = Object.create(appConfig) as Dict;
      const launch = { path: 'pages/index/index', scene: 1001, query: {} };
      (appInstance.onLaunch as AnyFn | undefined)?.call(appInstance, launch);
      (appInstance.onShow as AnyFn | undefined)?.call(appInstance, launch);
    },
  };
}

/**
 * Runs a page module like WeChat does (Page() → instance → onLoad/onShow/onReady) and waits for
 * renders: until `ready(page)` holds (polled; a fixed pause failed under CI load, when Taro's
 * first render and the page's effects took longer than it); WaitTimeoutError after `timeoutMs`.
 */
export async function mountPage(
  dist: string,
  route: string,
  query: Dict,
  ready: (page: CapturedPage) => boolean = () => true,
  timeoutMs = 60_000,
): Promise<CapturedPage> {
  let cfg: Dict | null = null;
  pageHandler = (c) => {
    cfg = c;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(dist, `${route}.js`));
  if (!cfg) throw new Error(`${route}.js did not call Page()`);
  const config = cfg as Dict;
  const inst = Object.create(config) as Dict & CapturedPage;
  inst.route = route;
  inst.__route__ = route;
  inst.options = query;
  inst.data = JSON.parse(JSON.stringify(config.data ?? {}));
  inst.setData = (patch: Dict, cb?: () => void) => {
    for (const [k, v] of Object.entries(patch)) setPath(inst.data, k, JSON.parse(JSON.stringify(v ?? null)));
    if (cb) setTimeout(cb, 0);
  };
  inst.selectComponent = () => null;
  inst.createSelectorQuery = () => ({ select: () => ({ boundingClientRect: () => ({ exec: () => undefined }) }) });
  pages.push(inst);
  (config.onLoad as AnyFn).call(inst, query);
  (config.onShow as AnyFn | undefined)?.call(inst);
  (config.onReady as AnyFn | undefined)?.call(inst);
  await waitUntil(() => ready(inst), { what: `${route} to render`, timeoutMs });
  // one more turn so renders queued by the last answer land too
  await new Promise((r) => setTimeout(r, 50));
  return inst;
}

/**
 * A component whose template is the page's own built wxml (which imports base.wxml and uses the
 * `comp` custom component), so miniprogram-simulate can render page data through the real
 * templates. Written next to the build (relative paths stay as Taro emitted them, one level
 * down) and removed by `dispose()`.
 */
export function pageAsComponent(dist: string, route: string): { dir: string; componentPath: string; dispose(): void } {
  const dir = path.join(dist, '__simulate__');
  fs.mkdirSync(dir, { recursive: true });
  const depth = route.split('/').length - 1;
  const up = '../'.repeat(depth);
  const wxml = fs.readFileSync(path.join(dist, `${route}.wxml`), 'utf8').split(up).join('../');
  const json = JSON.parse(fs.readFileSync(path.join(dist, `${route}.json`), 'utf8')) as { usingComponents?: Record<string, string> };
  const using = Object.fromEntries(Object.entries(json.usingComponents ?? {}).map(([k, v]) => [k, v.split(up).join('../')]));
  const base = path.join(dir, 'page');
  fs.writeFileSync(`${base}.wxml`, wxml);
  fs.writeFileSync(`${base}.json`, JSON.stringify({ component: true, usingComponents: using }));
  fs.writeFileSync(`${base}.wxss`, '');
  fs.writeFileSync(`${base}.js`, 'Component({ properties: { root: { type: Object, value: {} } } });\n');
  return { dir, componentPath: base, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
