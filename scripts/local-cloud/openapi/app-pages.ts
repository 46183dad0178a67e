/**
 * The pages of the mini program as WeChat knows them: subscribeMessage.send refuses a `page` that
 * is not in the released mini program with 41030 ("page 路径不正确，需要保证在现网版本小程序中存在，
 * 与 app.json 保持一致", the subscribeMessage.send reference). The local cloud reads them from the
 * app's own config (`miniprogram/src/app.config.ts`, what Taro writes into app.json): the main
 * package's pages and every subpackage's `root/page`. The rule is documented, so checking is the
 * default (`QX_SUBSCRIBE_PAGE=app`); `any` (option `subscribePage`) accepts any page, for debugging.
 * The unit tests' stand-in of the send runs this same rule (cloudfunctions/common/dispatch/testing/
 * wechat-send.ts; test/integration/send-page-parity.test.ts).
 */
import path from 'node:path';
import { envChoice } from '../../../cloudfunctions/common/db/env-choice';

/** 'app': a send's page must be a page of the app (41030 otherwise); 'any': not checked. */
export type SubscribePageRule = 'app' | 'any';

/** The rule `opt` asks for, else `QX_SUBSCRIBE_PAGE`, else 'app'; anything else is refused. */
export const subscribePageRule = (opt?: SubscribePageRule): SubscribePageRule =>
  envChoice('QX_SUBSCRIBE_PAGE', ['app', 'any'], opt, 'app');

/** The app config the local cloud reads by default. */
export const DEFAULT_APP_CONFIG = path.resolve(__dirname, '../../../miniprogram/src/app.config.ts');

interface AppConfig {
  pages?: string[];
  subPackages?: Array<{ root: string; pages: string[] }>;
  subpackages?: Array<{ root: string; pages: string[] }>;
}

/** Every page path of the app config in `file` (main package, then `root/page` of each subpackage). */
export function loadAppPages(file = DEFAULT_APP_CONFIG): string[] {
  // Taro evaluates the config with `defineAppConfig` as a global identity; so does this.
  const g = globalThis as { defineAppConfig?: (c: AppConfig) => AppConfig };
  g.defineAppConfig ??= (c) => c;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a TS config, read as Taro reads it
  const mod = require(file) as { default?: AppConfig } & AppConfig;
  const cfg = mod.default ?? mod;
  if (!Array.isArray(cfg.pages) || !cfg.pages.length) throw new Error(`no pages in app config ${file}`);
  const subs = cfg.subPackages ?? cfg.subpackages ?? [];
  return [...cfg.pages, ...subs.flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`))];
}

/** Why WeChat would refuse `page` (41030), or null: the path before `?` must be one of `pages`. */
export function pageProblem(page: string, pages: ReadonlySet<string>): string | null {
  const p = page.split('?')[0];
  return pages.has(p)
    ? null
    : `invalid page hint: ${JSON.stringify(p.slice(0, 100))} is not a page of the mini program`;
}
