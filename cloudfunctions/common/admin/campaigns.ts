/** Campaign list / get / save / dispatch-now for staff. Saving validates everything first. */
import crypto from 'node:crypto';
import { MAX_CAMPAIGN_TARGETS, sameRevision, type Campaign } from '../campaign/campaign-schema';
import { MERCHANT_TEMPLATES } from '../campaign/merchant-templates';
import { noticePageProblem } from '../campaign/notice-pages';
import type { ProductLike } from '../campaign/render-data';
import { describeDispatch, explainTiming } from '../campaign/timing';
import { validateCampaign, type SegmentDef } from '../campaign/validate-campaign';
import { loadRules, ruleTargetOption, targetedRules } from '../audience/rule-store';
import { ruleTargetId, type RuleSegmentDoc } from '../audience/rule-schema';
import { COLLECTIONS } from '../contracts/collections';
import { QxError } from '../contracts/errors';
import type { Db } from '../db/wx-db';
import { sortedPage } from '../db/sorted-page';
import { readTemplateFaults } from '../dispatch/template-faults';
import { afterOwnWrite } from './campaign-pause';
import { CampaignChangedError, scheduleSend } from './campaign-resume';
import { LAG_RETRY, lagWait } from '../db/lag-wait';
import { staffLog, staffNames } from './staff-names';
import { banTryTimes } from './subscribe-faults';
import { goneTargetName, segmentDisplayName } from '../segments/display-name';
import { segmentCatalog, servingSegmentMeta } from './model-meta';
import type { PageCursor, RuleTargetOption, TimedCampaignDoc } from '../contracts/admin-replies';

export type { TimedCampaignDoc };

/** Known segments: the model's catalog, else the segment ids present in profiles. */
export async function knownSegments(db: Db): Promise<SegmentDef[]> {
  const cat = segmentCatalog((await servingSegmentMeta(db)).meta);
  if (cat.size)
    return [...cat.entries()].map(([id, s]) => ({
      id: Number.isNaN(Number(id)) ? id : Number(id),
      name: s.name,
      phrase: s.phrase,
    }));
  const $ = db.$;
  const rows = await db.aggregateAll(COLLECTIONS.profiles, (p) =>
    p.group({ _id: '$segment', name: $.first('$segmentName'), phrase: $.first('$segmentPhrase') }),
  );
  return (rows as Array<{ _id: unknown; name?: string; phrase?: string }>)
    .filter((r) => r._id !== null && r._id !== undefined)
    .map((r) => ({
      id: r._id as number | string,
      name: segmentDisplayName(String(r._id), { stored: r.name }),
      ...(typeof r.phrase === 'string' ? { phrase: r.phrase } : {}),
    }))
    // Groups come back in no defined order: list them by id, the same on every visit.
    .sort((a, b) => String(a.id).localeCompare(String(b.id), 'en', { numeric: true }));
}

/**
 * Which of `targets` (of one campaign or many) exist now: model segments of the serving model,
 * and the saved rule segments they name, read by id however many rules are newer (`rules`).
 */
async function liveTargets(db: Db, targets: ReadonlyArray<unknown>, segments?: SegmentDef[]): Promise<{ live: Set<string>; rules: Map<string, RuleSegmentDoc> }> {
  const [known, rules] = await Promise.all([segments ?? knownSegments(db), loadRules(db, targets)]);
  return { live: new Set([...known.map((s) => String(s.id)), ...[...rules.keys()].map(ruleTargetId)]), rules };
}

/** The saved rules among a campaign's targets, as its card names them. */
const targetRules = (c: Pick<Campaign, 'segments'>, rules: ReadonlyMap<string, RuleSegmentDoc>): RuleTargetOption[] =>
  targetedRules(c.segments ?? [], rules).map(ruleTargetOption);

/**
 * Targets of `c` that no longer exist. A refit or a retrained cold-start model can retire a
 * segment id (ids are never reused), so a campaign saved against it would silently reach no one.
 */
export function staleTargets(c: Pick<Campaign, 'segments'>, live: ReadonlySet<string>): string[] {
  return (c.segments ?? []).map(String).filter((t) => !live.has(t));
}

/**
 * Campaigns, most recently changed first (`updatedAt`, then `_id`, both descending): `limit` of
 * them (default 200, what pages of earlier releases get), those after `before` when given — a
 * keyset, so a campaign saved meanwhile moves to the top and shifts no page. Each with its timing
 * explained and its stale targets named.
 */
export async function listCampaigns(db: Db, now = Date.now(), page: { before?: PageCursor; limit?: number } = {}): Promise<TimedCampaignDoc[]> {
  const after = page.before ? { value: page.before.updatedAt, _id: page.before._id } : undefined;
  const [list, segments, bans] = await Promise.all([
    // Filled from as many answers as it takes: a cloud may answer 100 of the 200 asked (sorted-page.ts).
    sortedPage(db, COLLECTIONS.campaigns, {}, { orderBy: ['updatedAt', 'desc'], limit: page.limit ?? 200, ...(after ? { after } : {}) }).then((p) => p.docs as Campaign[]),
    knownSegments(db),
    banTryTimes(db),
  ]);
  const [{ live, rules }, names] = await Promise.all([
    liveTargets(db, list.flatMap((c) => c.segments ?? []), segments),
    staffNames(db, list.flatMap((c) => (c.staffActions ?? []).map((a) => a.by))),
  ]);
  return list.map((c) => ({
    ...c,
    timing: explainTiming(c, now, bans.get(c.templateId)),
    staleTargets: staleTargets(c, live),
    targetRules: targetRules(c, rules),
    staffLog: staffLog(c.staffActions, names),
  }));
}

const TEMPLATE_REMOVED_TEXT = '该通知模板已失效（微信答复模板不存在，可能已在微信公众平台删除），请选择其他通知类型，或在公众平台恢复模板后点「模板已恢复」';

/** Whether WeChat answered 40037 for `templateId` and staff have not restored it since. */
async function templateRemoved(db: Db, templateId: string): Promise<boolean> {
  return (await readTemplateFaults(db)).removed.some((f) => f.templateId === templateId);
}

/** One campaign or NOT_FOUND. */
export async function getCampaign(db: Db, id: string): Promise<Campaign> {
  const c = (await db.getById(COLLECTIONS.campaigns, id)) as Campaign | null;
  if (!c) throw new QxError('NOT_FOUND', '活动不存在');
  return c;
}

/** Validates and stores a campaign as a draft; returns it, or INVALID_INPUT with every problem. */
export async function saveCampaign(
  db: Db,
  staff: string,
  input: unknown,
  now = Date.now(),
): Promise<Campaign> {
  const productId = (input as { productId?: unknown })?.productId;
  let product: ProductLike | null = null;
  if (typeof productId === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(productId)) {
    product = (await db.getById(COLLECTIONS.products, productId)) as ProductLike | null;
  }
  // The rules it names, by id (at most the schema's cap of them: more fails validation anyway).
  const named = (input as { segments?: unknown })?.segments;
  const rules = await loadRules(db, Array.isArray(named) ? named.slice(0, MAX_CAMPAIGN_TARGETS) : []);
  const v = validateCampaign(input, {
    templates: MERCHANT_TEMPLATES,
    segments: await knownSegments(db),
    ruleTargets: [...rules.keys()].map(ruleTargetId),
    product,
    now,
  });
  if (!v.ok)
    throw new QxError('INVALID_INPUT', v.problems.map((p) => p.message).join('；'), { problems: v.problems });
  const c = v.campaign;
  // WeChat said the template is gone (40037): every send would be refused, and the editor no
  // longer offers it. Staff choose another, or say they added it back (templateFaultClear).
  if (await templateRemoved(db, c.templateId))
    throw new QxError('INVALID_INPUT', TEMPLATE_REMOVED_TEXT, { problems: [{ path: 'templateId', message: TEMPLATE_REMOVED_TEXT }] });
  if (c._id) {
    const old = await getCampaign(db, c._id);
    if (old.status === 'running') throw new QxError('CONFLICT', '活动正在发送，不能修改');
    const { _id, revision: loaded, ...fields } = c;
    // The editor's own version: another staff member may have saved since it opened the campaign
    // (campaigns stored before revisions have none to compare).
    if (typeof loaded === 'number' && typeof old.revision === 'number' && loaded !== old.revision)
      throw new QxError('CONFLICT', '活动已被其他员工修改，请刷新后再编辑');
    // Only the version just read: dispatch may have started it (status) or another staff member
    // saved it (revision) since, and an edit must not land on either. The revision always
    // changes, so a save identical to the stored campaign still counts as one updated document.
    const n = await db.updateWhere(
      COLLECTIONS.campaigns,
      { _id, status: old.status, ...sameRevision(old, (p) => db._.exists(p)) },
      { ...fields, updatedAt: now, revision: db._.inc(1) },
    );
    if (n === 0) throw new QxError('CONFLICT', '活动刚被修改或已开始发送，请刷新后再编辑');
    return { ...old, ...c, updatedAt: now, revision: (old.revision ?? 0) + 1 } as Campaign;
  }
  const { revision: _unused, ...created } = c;
  const doc: Campaign = {
    ...created,
    _id: `cmp_${crypto.randomBytes(6).toString('hex')}`,
    status: 'draft',
    createdBy: staff,
    createdAt: now,
    updatedAt: now,
    revision: 0,
    nextRunAt: null,
  };
  await db.insert(COLLECTIONS.campaigns, [doc as unknown as Record<string, unknown>]);
  return doc;
}

/**
 * Schedules a campaign: "now" campaigns become due immediately and the dispatcher is started
 * for them; cron campaigns wait for their next fire time (the dispatch timer picks them up).
 */
export async function dispatchCampaign(
  db: Db,
  id: string,
  startDispatch: (campaignId: string) => Promise<unknown>,
  now = Date.now(),
  staff?: string,
): Promise<{ campaign: TimedCampaignDoc; run: unknown; outcome: string }> {
  // A read may lag a save made a moment ago (保存并发送 sends right after saving) or a pause: a
  // campaign no read shows yet, or a write that missed the version read, is read again after a
  // wait (db/lag-wait.ts), and every check runs on the version the write then lands on.
  for (let attempt = 0; ; attempt++) {
    await lagWait(attempt);
    const c = await readForSend(db, id, attempt + 1 >= LAG_RETRY.tries);
    if (!c) continue;
    const sent = await sendChecked(db, c, startDispatch, now, staff).catch((e: unknown) => {
      if (e instanceof CampaignChangedError && attempt + 1 < LAG_RETRY.tries) return null;
      throw e;
    });
    if (sent) return sent;
  }
}

/**
 * The campaign to send, as read; null when no read shows it yet but the primary has it (a save a
 * moment ago), NOT_FOUND when the primary has none either; `last`: UNAVAILABLE instead of null.
 */
async function readForSend(db: Db, id: string, last: boolean): Promise<Campaign | null> {
  const c = (await db.getById(COLLECTIONS.campaigns, id)) as Campaign | null;
  if (c) return c;
  if (!(await db.presentOnPrimary(COLLECTIONS.campaigns, { _id: id }))) throw new QxError('NOT_FOUND', '活动不存在');
  if (last) throw new QxError('UNAVAILABLE', '活动刚保存，系统还读不到，请稍后再点发送', { retryable: true });
  return null;
}

/** {@link dispatchCampaign} on the version `c`: its checks, the write, the dispatcher's run. */
async function sendChecked(
  db: Db,
  c: Campaign,
  startDispatch: (campaignId: string) => Promise<unknown>,
  now: number,
  staff?: string,
): Promise<{ campaign: TimedCampaignDoc; run: unknown; outcome: string }> {
  const id = c._id;
  const { live, rules } = await liveTargets(db, c.segments ?? []);
  const stale = staleTargets(c, live);
  if (stale.length)
    throw new QxError(
      'CONFLICT',
      `活动的目标${stale.map((t) => `「${goneTargetName(t)}」`).join('、')}已不在当前分群模型或自定义分群中，请编辑活动重新选择目标后再发送`,
      { staleTargets: stale },
    );
  // Saved before pages were checked (or its page left the app): WeChat would refuse every send
  // (41030), and the dispatcher would pause it again at the first one.
  const pageProblem = noticePageProblem(c.page);
  if (pageProblem) throw new QxError('INVALID_INPUT', `${pageProblem}；请修改活动后再发送`);
  // Its template is gone (40037): the dispatcher would pause it again at the first send.
  if (await templateRemoved(db, c.templateId)) throw new QxError('INVALID_INPUT', TEMPLATE_REMOVED_TEXT);
  // The write decides, not this read (it may lag): campaign-resume.ts. 继续发送 on a campaign staff
  // paused mid-pass carries on at once, not at the next cron fire.
  const { written, startNow } = await scheduleSend(db, c, now, staff);
  const run = startNow ? await startDispatch(id) : null;
  const after = await afterOwnWrite(db, id, now, written);
  const timing = explainTiming(after, Date.now(), (await banTryTimes(db)).get(after.templateId));
  const names = await staffNames(db, (after.staffActions ?? []).map((a) => a.by));
  return { campaign: { ...after, timing, staleTargets: [], targetRules: targetRules(after, rules), staffLog: staffLog(after.staffActions, names) }, run, outcome: describeDispatch(id, run, timing) };
}
