/**
 * Real Chromium through playwright-core (Debian's /usr/bin/chromium), headless, with a fresh
 * profile directory per launch. `apt-get install -y chromium` if it is missing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.QX_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Playwright's deadline for a wait or action that names none. */
export const E2E_DEFAULT_TIMEOUT_MS = 60_000;

/** A browser with its own profile; `close()` also removes the profile. */
export interface LaunchedBrowser {
  context: BrowserContext;
  profileDir: string;
  close(): Promise<void>;
}

/** Whether Chromium is installed (suites skip with a clear message when it is not). */
export function hasChromium(): boolean {
  return fs.existsSync(CHROMIUM);
}

/**
 * `describe` for a browser suite. Without Chromium it is skipped with the reason on a developer
 * machine, but FAILS under CI (`CI=true`): a CI run that silently skipped every browser test
 * would look green while testing nothing in a browser.
 */
export function describeInChromium(name: string, fn: () => void): void {
  if (hasChromium()) return describe(name, fn);
  const why = `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set QX_CHROMIUM)`;
  if (process.env.CI) {
    describe(name, () =>
      it('needs Chromium in CI', () => {
        throw new Error(why);
      }),
    );
    return;
  }
  console.warn(`[skip] "${name}": ${why}`);
  describe.skip(`${name} (skipped: ${why})`, fn);
}

/** Launches Chromium with a phone-sized viewport (the app is a mini program). */
export async function launchBrowser(
  opts: { viewport?: { width: number; height: number } } = {},
): Promise<LaunchedBrowser> {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-chromium-'));
  // launchPersistentContext is how Playwright takes a --user-data-dir: a fresh one per launch.
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: opts.viewport ?? { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  // Waits and actions without their own timeout (locator.waitFor(), click(), goto) get 60 s, not
  // Playwright's 30 s: the h5 app's first load and a cold function behind it are slow at CI load.
  context.setDefaultTimeout(E2E_DEFAULT_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(E2E_DEFAULT_TIMEOUT_MS);
  return {
    context,
    profileDir,
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
