/**
 * Driving the customer app in the browser and looking at what the tracker did: the requests it
 * sent to `track`, its persisted queue, and what landed in the local cloud.
 */
import type { Page, Request } from 'playwright-core';
import type { FullCloud } from '../../../scripts/local-cloud/cloud';
import type { TrackerStats } from '../../../miniprogram/src/tracking/stats';
import { settle } from './settle';

/** Every event id the tracker tried to send (any attempt, delivered or not), in order. */
export interface TrackRecorder {
  attempts: number;
  ids: string[];
  unique(): Set<string>;
}

/** Records every `POST /gateway/functions/track` the page makes. */
export function recordTrackRequests(page: Page): TrackRecorder {
  const rec: TrackRecorder = { attempts: 0, ids: [], unique: () => new Set(rec.ids) };
  page.on('request', (req: Request) => {
    if (req.method() !== 'POST' || !req.url().includes('/gateway/functions/track')) return;
    rec.attempts++;
    const body = req.postDataJSON() as { events?: { eventId: string }[] } | null;
    for (const e of body?.events ?? []) rec.ids.push(e.eventId);
  });
  return rec;
}

/** Ids of the events persisted in the browser's queue (localStorage `qx.q.<eventId>`). */
export function queuedIds(page: Page): Promise<string[]> {
  return page.evaluate(() => Object.keys(window.localStorage).filter((k) => k.startsWith('qx.q.')).map((k) => k.slice(5)));
}

/** The tracker's counters (the app exposes its tracker as `window.__qxTracker`). */
export function trackerStats(page: Page): Promise<TrackerStats> {
  return page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { __qxTracker: { stats: unknown } }).__qxTracker.stats)));
}

/** Waits until the tracker's queue is empty (delivered by its own timers, not forced). */
export async function waitDrained(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __qxTracker?: { queueSize: number } }).__qxTracker?.queueSize === 0, undefined, { timeout: timeoutMs, polling: 200 });
}

/** Events stored for `openid` in the cloud's `events` collection. */
export function cloudEvents(cloud: FullCloud, openid: string): { _id: string; eventId: string; name: string; props: Record<string, unknown>; origin?: 'server' }[] {
  return cloud.db.collection('events').find({ openid }, { limit: 1000 }) as never;
}

/** Clicks the visible element matching `selector` (hidden pages of the h5 stack stay in the DOM). */
export async function tap(page: Page, selector: string): Promise<void> {
  await page.locator(`${selector} >> visible=true`).first().click();
}

/** Agrees in the consent sheet and waits until it is gone. */
export async function agreeToConsent(page: Page): Promise<void> {
  await tap(page, '#consent-agree');
  await page.locator('#consent-sheet >> visible=true').waitFor({ state: 'detached', timeout: 30_000 });
}

/** Opens product `id` from the home feed (or directly) and waits for its page. */
export async function openProduct(page: Page, baseUrl: string, id: string): Promise<void> {
  await page.goto(`${baseUrl}/#/pages/product/index?id=${encodeURIComponent(id)}`);
  await page.locator('#add-to-cart >> visible=true').waitFor({ timeout: 30_000 });
  await settle(page, 200);
}
