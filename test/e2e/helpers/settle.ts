import type { Page } from 'playwright-core';

/** Waits until the network is quiet and Taro's page slide-in has finished. */
export async function settle(page: Page, ms = 400): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
  await page.waitForTimeout(ms);
}
