/**
 * The app's tracker: the platform-free core wired to this platform's ports, auto-capture
 * attached, and the consent flows (agree / refuse / withdraw) that keep the device and the
 * server in step. Pages call `track(name, props)` — typed from the event contract.
 */
import { consoleLogger, currentH5Path, forgetQueueOwner, IS_H5, patchWeappPage, platformLifecycle, platformStorage, realClock, rememberQueueOwner, trackTransport } from '../platform';
import { AutoCapture } from '../tracking/auto-capture';
import { contractValidator } from '../tracking/contract-validator';
import type { ClientEventName, EventProps } from '../tracking';
import { Tracker } from '../tracking/tracker';
import { syncConsent, type ConsentSyncResult } from './consent-sync';
import { CONSENT_VERSION, privacyApi } from './privacy';

const debug = typeof QX_TRACKER_DEBUG === 'string' && QX_TRACKER_DEBUG !== '';

// Page hooks must be wrapped before Taro's page modules call Page() (weapp; no-op on h5).
patchWeappPage();

export const tracker = new Tracker({
  storage: platformStorage(),
  transport: trackTransport,
  clock: realClock,
  validate: contractValidator,
  logger: consoleLogger,
  debug,
});

const capture = new AutoCapture(tracker, realClock);
// Listen from module load: in weapp the first page's onShow can come before the App's launch hook.
capture.attach(platformLifecycle());
let launched = false;

/** Starts the tracker and records the launch (called once from app.ts). */
export function startTracking(launch: { scene?: number; path?: string }): void {
  if (launched) return;
  launched = true;
  tracker.start();
  capture.launch(launch);
  capture.appShow(launch.scene);
  if (IS_H5) {
    const p = currentH5Path();
    if (p) capture.pageShow(p);
  }
  (globalThis as { __qxTracker?: Tracker }).__qxTracker = tracker; // for debugging and e2e checks
}

/**
 * Checks the device's consent against the server's record (called at launch; consent-sync.ts).
 * When the server cannot be asked, sending stays paused and the check is retried with backoff:
 * an unknown consent state never resumes sending. `askAgain` is called when a retry finds the
 * consent gone (the first answer is returned).
 */
export function syncConsentWithServer(askAgain: () => void): Promise<ConsentSyncResult> {
  return syncConsent({
    tracker,
    getConsent: () => privacyApi.getConsent(),
    forgetQueueOwner,
    askAgain,
    later: (fn, ms) => void setTimeout(fn, ms),
    log: (msg, err) => consoleLogger.error(msg, err),
  });
}

const openedCampaigns = new Set<string>();

/**
 * A service notice was tapped: its page opens with `campaignId` in the query (appended at send
 * time by dispatch). Recorded once per campaign per app session.
 */
export function notePushOpen(campaignId: string, templateId?: string): void {
  if (openedCampaigns.has(campaignId)) return;
  openedCampaigns.add(campaignId);
  track('push_open', templateId ? { campaignId, templateId } : { campaignId });
}

/** Records one event. Never throws; returns whether it was queued. */
export function track<N extends ClientEventName>(name: N, props: EventProps<N>): boolean {
  return tracker.track(name, props);
}

/** Whether the consent sheet must be shown (never decided, or decided on an older text). */
export function needsConsentDecision(): boolean {
  const c = tracker.consentState;
  return !c || c.version !== String(CONSENT_VERSION);
}

/** 同意: the server records our consent with its version first, then capture starts. */
export async function agreeToTracking(): Promise<void> {
  const server = await privacyApi.setConsent(CONSENT_VERSION);
  await rememberQueueOwner();
  tracker.grantConsent(String(CONSENT_VERSION), server.grantedAt ? String(server.grantedAt) : undefined);
}

/**
 * 本机也记录, when the account already holds a current consent (given on another device): this
 * device follows that record. Nothing is written: granting again would move the record's grant
 * time, and every other device of the customer would then ask again (consent-sync.ts).
 */
export async function followAccountConsent(account: { grantedAt: number | null }): Promise<void> {
  await rememberQueueOwner();
  tracker.grantConsent(String(CONSENT_VERSION), account.grantedAt ? String(account.grantedAt) : undefined);
}

/** 拒绝 (or 本机不记录): nothing is captured on this device; the app works the same. */
export function refuseTracking(): void {
  tracker.denyConsent(String(CONSENT_VERSION));
}

/** Withdraw: the queue is emptied on the device at once, then the server revokes and deletes. */
/** 删除我的数据: what waits on this device goes too (see Tracker.deleteData); answers the server's counts. */
export async function deleteTrackedData(): Promise<{ deleted: Record<string, number>; purged: number }> {
  let deleted: Record<string, number> = {};
  const purged = await tracker.deleteData(async () => {
    deleted = (await privacyApi.deleteMyData()).deleted;
  });
  return { deleted, purged };
}

export function withdrawTracking(): Promise<number> {
  forgetQueueOwner();
  return tracker.withdrawConsent(() => privacyApi.withdrawConsent());
}
