/**
 * `track` cloud function: a batch of tracked events from the mini program.
 * Identity: `cloud.getWXContext().OPENID` only — or, for a trusted history import from an operator
 * tool (SOURCE wx_devtools / wx_trigger), the request's `importFor` (request.ts `resolveCaller`).
 * Reply: `{ok:true, data: TrackReply}` (per-event accepted / duplicate / rejected + code) or
 * `{ok:false, error}` for request-wide refusals (INVALID_INPUT, PAYLOAD_TOO_LARGE, FORBIDDEN,
 * UNAUTHENTICATED, CONSENT_REQUIRED, RATE_LIMITED, UNAVAILABLE, INTERNAL).
 */
import crypto from 'node:crypto';
import cloud from 'wx-server-sdk';
import { ok, type FnReply } from '../common/contracts/errors';
import { replyOfError } from '../common/contracts/reply-of-error';
import { Db } from '../common/db/wx-db';
import { serveShopModels } from '../common/model-store/serve-shop-models';
import { wxConsentStore, wxDeadLetterStore, wxEventStore, wxProfileStore } from '../common/db/wx-ports';
import { cachedCatalog } from '../common/catalog/catalog-cache';
import { wxCatalog } from '../common/catalog/wx-catalog';
import type { TrackContext, TrackPorts } from './context';
import { IngestGuard } from './ingest-guard';
import { handleTrack, type TrackReply } from './pipeline';
import { resolveCaller } from './request';
import { getScorer } from './scorer';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
// Serve the shop's own model versions (model store), falling back to the shipped ones.
serveShopModels(cloud);
let ports: TrackPorts | undefined;
// Module-level: the container's burst buckets and the customers it saw past today's quota.
const guard = new IngestGuard();

function getPorts(): TrackPorts {
  if (!ports) {
    const db = new Db(cloud.database() as never);
    ports = {
      events: wxEventStore(db),
      profiles: wxProfileStore(db),
      consents: wxConsentStore(db),
      deadLetters: wxDeadLetterStore(db),
      // Module-level: the cache lives as long as the container.
      catalog: cachedCatalog(wxCatalog(db)),
    };
  }
  return ports;
}

export async function main(event: unknown): Promise<FnReply<TrackReply>> {
  try {
    return ok(await handleTrack(event, newContext(event)));
  } catch (err) {
    // Idempotent: every event has its own id and a stored one is answered as a duplicate.
    return replyOfError(err, { fn: 'track', retrySafe: true, internal: '服务暂时不可用，请稍后重试' });
  }
}

function newContext(event: unknown): TrackContext {
  return {
    ...resolveCaller(event, cloud.getWXContext() as { OPENID?: string; SOURCE?: string }),
    now: Date.now(),
    batchId: `b${crypto.randomBytes(9).toString('hex')}`,
    ports: getPorts(),
    guard,
    scorer: getScorer(),
    log: (msg, err) => console.error(`[track] ${msg}`, err ?? ''),
    profile: 'none',
  };
}
