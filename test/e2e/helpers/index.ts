/**
 * One call for a browser test against the h5 build: build h5 if missing, start the full local
 * cloud on a free port, launch Chromium with a fresh profile, sign in as `openid`, open the app.
 * Shared by the capture and admin e2e suites.
 *
 *   const e2e = await startE2e({ openid: 'cust_1', seed: seedProducts });
 *   await e2e.open('/pages/index/index');
 *   await e2e.screenshot('home');
 *   await e2e.close();
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { FullCloud } from '../../../scripts/local-cloud/cloud';
import { launchBrowser, type LaunchedBrowser } from './browser';
import { startE2eCloud, type E2eCloud } from './cloud';
import { ensureH5Build, REPO } from './h5-build';
import { signIn } from './session';
import { settle } from './settle';

export { CHROMIUM, CHROMIUM_ARGS, describeInChromium, hasChromium, launchBrowser } from './browser';
export { seedProducts, startE2eCloud, TEST_PRODUCTS } from './cloud';
export { ensureH5Build, ensureWeappBuild, H5_DIR, WEAPP_DIR } from './h5-build';
export { signIn } from './session';
export { settle } from './settle';
export * from './app-driver';

export const SCREENSHOT_DIR = path.join(REPO, 'artifacts', 'screenshots');

/** Options of {@link startE2e}. */
export interface E2eOptions {
  /** Who the browser is signed in as (null: not signed in). */
  openid: string | null;
  /** Fills the database before the browser opens (e.g. seedProducts, or seedDemoShop). */
  seed?: (cloud: FullCloud) => Promise<void>;
  viewport?: { width: number; height: number };
}

/** A running browser test environment. */
export interface E2e {
  cloud: FullCloud;
  env: E2eCloud;
  browser: LaunchedBrowser;
  page: Page;
  /** Opens an app route (hash router), e.g. `/pages/me/index`, and waits for it to settle. */
  open(route?: string): Promise<void>;
  /** Saves `artifacts/screenshots/<name>.png` after the page settles. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}


export async function startE2e(opts: E2eOptions): Promise<E2e> {
  ensureH5Build();
  const env = await startE2eCloud();
  let browser: LaunchedBrowser | undefined;
  try {
    if (opts.seed) await opts.seed(env.cloud);
    browser = await launchBrowser({ viewport: opts.viewport });
    if (opts.openid) await signIn(browser.context, env.cloud, opts.openid);
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const b = browser;
    return {
      cloud: env.cloud,
      env,
      browser: b,
      page,
      async open(route = '/pages/index/index') {
        await page.goto(`${env.cloud.url}/#${route}`);
        await settle(page);
      },
      async screenshot(name) {
        fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
        const file = path.join(SCREENSHOT_DIR, `${name}.png`);
        await settle(page, 600);
        await page.screenshot({ path: file });
        return file;
      },
      async close() {
        await b.close();
        await env.close();
      },
    };
  } catch (err) {
    await browser?.close();
    await env.close();
    throw err;
  }
}
