/**
 * The `admin` function's router. Every action — reads included — first checks that the caller
 * (OPENID from the context, never the payload) is staff; anyone else gets FORBIDDEN.
 */
import { z } from 'zod';
import { MERCHANT_TEMPLATES } from '../campaign/merchant-templates';
import { COLLECTIONS } from '../contracts/collections';
import { RETRY_SAFE_ACTIONS } from '../contracts/retry-safe';
import { shopCategories } from '../catalog/category-names';
import { fail, ok, type FnReply } from '../contracts/errors';
import { replyOfError } from '../contracts/reply-of-error';
import { id } from '../contracts/events';
import { requestOf } from '../contracts/platform-event';
import { UNKNOWN_ACTION_TEXT } from '../contracts/refusal-text';
import { staffProblems } from '../contracts/staff-labels';
import type { Db } from '../db/wx-db';
import { campaignInput } from '../campaign/campaign-schema';
import { nameSearchText } from '../contracts/name-search';
import { ruleId } from '../audience/rule-schema';
import { campaignAudience } from './campaign-audience';
import { campaignResults } from './campaign-results';
import { dispatchCampaign, getCampaign, knownSegments, listCampaigns, saveCampaign } from './campaigns';
import { explainTiming } from '../campaign/timing';
import type { ExportFiles } from './export-file';
import { requireStaff } from './guard';
import { ModelLoadError } from '../inference/errors';
import { runSegmentCatalog } from './model-meta';
import { modelsPage, requestRefit, rollbackModel, type RefitCall } from './models';
import { listCount } from './list-counts';
import { listOutbox } from './outbox-list';
import { productById, searchProducts } from './product-search';
import { editorRuleOptions } from './rule-options';
import { overview } from './overview';
import { valueOverview } from './value-overview';
import { listRuleSegmentsWithSize, previewRuleSegment, ruleSegmentCsv, ruleSegmentMembers, saveRuleSegment } from './rule-segments';
import { cachedSegmentMap } from './segment-map';
import { recentRuns } from './segment-runs';
import { segmentStatsCsv } from './segment-stats';
import { cachedSegmentStats } from './segment-stats-cache';
import { clearTemplateFaults, readTemplateFaults, requestBanRetry } from '../dispatch/template-faults';
import { pauseCampaign } from './campaign-pause';
import { banTryTimes, subscribeFaultsPage } from './subscribe-faults';

/**
 * Work budget of the refit call a staff request makes: the admin reply must come back inside its
 * own 60 s limit; a refit that needs longer continues on its function's timer.
 */
const STAFF_REFIT_BUDGET_MS = 25_000;

/**
 * A newest-first list's page (common/db/sorted-page.ts): `limit` items after the page that ended
 * with `before`; without them the newest 200, as pages of earlier releases ask.
 */
const newestPage = (cursorId: z.ZodString) => ({
  before: z.object({ updatedAt: z.number().int().min(0), _id: cursorId }).strict().optional(),
  limit: z.number().int().min(1).max(200).optional(),
});

/** Every admin request, by action (staff-labels.ts names each part as the page does). */
export const adminRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('whoami') }).strict(),
  z.object({ action: z.literal('overview') }).strict(),
  z.object({ action: z.literal('segments'), refresh: z.boolean().optional() }).strict(),
  z.object({ action: z.literal('segmentsCsv') }).strict(),
  z.object({ action: z.literal('segmentMap'), refresh: z.boolean().optional() }).strict(),
  // targets: the edited campaign's own, offered however old (rule-options.ts)
  z.object({ action: z.literal('editorOptions'), targets: campaignInput.shape.segments.optional() }).strict(),
  z
    .object({
      action: z.literal('campaignList'),
      // most recently changed first (campaigns.ts)
      ...newestPage(id),
    })
    .strict(),
  z.object({ action: z.literal('campaignGet'), id }).strict(),
  z.object({ action: z.literal('productSearch'), name: nameSearchText }).strict(),
  // the edited campaign's product when it is not among the editor's 200 (product-search.ts)
  z.object({ action: z.literal('productGet'), id }).strict(),
  z.object({ action: z.literal('campaignSave'), campaign: z.record(z.unknown()) }).strict(),
  z.object({ action: z.literal('campaignDispatch'), id }).strict(),
  // 暂停发送: a waiting or running campaign stops (campaign-pause.ts); 立即发送 resumes it.
  z.object({ action: z.literal('campaignPause'), id }).strict(),
  z.object({ action: z.literal('campaignResults'), id }).strict(),
  // `filtered`: the editor has a filter set (评价正面度): the campaign is personalised without a target too
  z.object({ action: z.literal('campaignAudience'), segments: campaignInput.shape.segments, templateId: id, filtered: z.boolean().optional() }).strict(),
  // What WeChat said of the templates beyond one customer: banned (43107), removed (40037).
  z.object({ action: z.literal('subscribeFaults') }).strict(),
  // Staff added a removed template back on the 公众平台: offer and count it again (a send that is
  // still refused records it again, one refusal).
  z.object({ action: z.literal('templateFaultClear'), templateId: id }).strict(),
  // 立即重试: every banned template (43107) is tried at the next tick, whatever its back-off.
  z.object({ action: z.literal('subscribeRetry') }).strict(),
  z.object({ action: z.literal('ruleSegmentPreview'), rule: z.record(z.unknown()), refresh: z.boolean().optional() }).strict(),
  z.object({ action: z.literal('ruleSegmentSave'), rule: z.record(z.unknown()) }).strict(),
  z
    .object({
      action: z.literal('ruleSegmentList'),
      // newest first (rule-store.ts)
      ...newestPage(ruleId),
      // only rules whose name contains this (name-search.ts)
      name: nameSearchText.optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal('listCount'),
      list: z.enum(['campaigns', 'ruleSegments', 'outbox']),
      name: nameSearchText.optional(),
      campaignId: id.optional(),
    })
    .strict(),
  z.object({ action: z.literal('ruleSegmentMembers'), id, limit: z.number().int().min(1).max(200).default(50) }).strict(),
  z.object({ action: z.literal('ruleSegmentCsv'), id }).strict(),
  z.object({ action: z.literal('models') }).strict(),
  z
    .object({
      action: z.literal('modelRollback'),
      model: z.string().min(1).max(40),
      to: z.string().min(1).max(80),
      note: z.string().max(200).optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal('modelRefit'),
      model: z.string().min(1).max(40),
      // at most this long on the run now (default and ceiling: the staff budget); the timer continues
      budgetMs: z.number().int().min(1).max(STAFF_REFIT_BUDGET_MS).optional(),
    })
    .strict(),
  z.object({ action: z.literal('valueOverview'), days: z.number().int().min(1).max(90).default(30) }).strict(),
  z
    .object({
      action: z.literal('outboxList'),
      campaignId: id.optional(),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
]);

/** What the handler needs from the platform. */
export interface AdminDeps {
  db: Db;
  openid: string | undefined;
  /** Starts the dispatcher for one campaign (cloud.callFunction('dispatch')). */
  startDispatch(campaignId: string): Promise<unknown>;
  /**
   * Makes the call that works on a refit run now (cloud.callFunction; models.ts refitCall says
   * which function), so a staff request starts at once. Absent: the timer serves it.
   */
  runRefit?(call: RefitCall): Promise<unknown>;
  /** Cloud storage for exports over what an answer may carry (export-file.ts). Absent: inline. */
  files?: ExportFiles;
}

async function segmentsPage(db: Db, refresh = false) {
  const runs = await recentRuns(db, 30);
  const stats = await cachedSegmentStats(db, runs[runs.length - 1]?.at ?? null, { refresh });
  const {
    serving: { meta },
    catalog: cat,
  } = await runSegmentCatalog(db, runs[runs.length - 1]?.modelVersion);
  return {
    ...stats,
    /** The typical customer at training time (back-transformed population mean), by feature. */
    typical: meta ? Object.fromEntries(meta.featureNames.map((n, i) => [n, meta.typical[i]])) : null,
    catalog: Object.fromEntries(
      [...cat.entries()].map(([k, v]) => [
        k,
        { name: v.name, explanation: v.explanation, centroid: v.profile ?? null },
      ]),
    ),
    // With the version that ran: the page marks where a refit or rollback changed it.
    trend: runs.map((r) => ({ at: r.at, distribution: r.distribution, psi: r.psi, modelVersion: r.modelVersion })),
  };
}

/**
 * Whether each action may be retried as it is: true for those that only read (a cache they refresh
 * is rebuilt whole from what they read), so a database timeout there is UNAVAILABLE
 * (reply-of-error.ts); false for those that write (saves, dispatch, rollback, refit), which answer
 * INTERNAL on a timeout met after they began: what they wrote by then is not known here. A Record
 * over the schema's actions, so a new action cannot be added without deciding.
 */
const RETRY_SAFE: Record<z.infer<typeof adminRequest>['action'], boolean> = RETRY_SAFE_ACTIONS.admin;

/** Handles one `admin` invocation. */
export async function handleAdmin(raw: unknown, deps: AdminDeps): Promise<FnReply<unknown>> {
  // Until an action starts, the call has only read (the staff check, the parse).
  let action: keyof typeof RETRY_SAFE | undefined;
  try {
    const staff = await requireStaff(deps.db, deps.openid);
    const parsed = adminRequest.safeParse(requestOf(raw ?? {}));
    if (!parsed.success) {
      const unknownAction = parsed.error.issues.some((i) => i.code === 'invalid_union_discriminator');
      // Staff read the message (the page's 「保存失败：…」): the field as the page names it, never
      // its wire name or the accepted wire values; `issues` keeps each one's path for the page.
      const issues = staffProblems('request', parsed.error.issues.slice(0, 5));
      return fail(
        unknownAction ? 'UNKNOWN_ACTION' : 'INVALID_INPUT',
        unknownAction ? UNKNOWN_ACTION_TEXT : `请求参数无效：${issues[0]?.message ?? '格式错误'}`,
        { issues },
      );
    }
    const e = parsed.data;
    const { db } = deps;
    action = e.action;
    switch (e.action) {
      case 'whoami':
        return ok({ openid: staff, role: 'staff' });
      case 'overview':
        return ok(await overview(db));
      case 'segments':
        return ok(await segmentsPage(db, e.refresh));
      case 'segmentMap':
        return ok(await cachedSegmentMap(db, { refresh: e.refresh }));
      case 'segmentsCsv': {
        const runs = await recentRuns(db, 1);
        const s = await cachedSegmentStats(db, runs[0]?.at ?? null);
        return ok({
          filename: `segments-${new Date().toISOString().slice(0, 10)}.csv`,
          csv: segmentStatsCsv(s.segments, s.population, (await runSegmentCatalog(db, runs[0]?.modelVersion)).catalog),
        });
      }
      case 'editorOptions': {
        const categories = await shopCategories(db);
        // The first 200 by `_id`: the same products on every visit, filled from as many answers as
        // it takes (a cloud may answer 100 a query; Db.keysetPage).
        const { docs: products } = await db.keysetPage(COLLECTIONS.products, {}, { limit: 200, fields: { name: true, title: true, priceFen: true, categoryId: true } });
        return ok({
          templates: MERCHANT_TEMPLATES,
          segments: await knownSegments(db),
          /** Saved rule segments, targeted as `rule:<id>`: the newest and the campaign's own (rule-options.ts). */
          ruleSegments: await editorRuleOptions(db, e.targets ?? []),
          categories: categories.map((c) => c.id),
          /** The shop's name of each category that has one: the rule editor shows names, not ids. */
          categoryNames: Object.fromEntries(categories.flatMap((c) => (c.name ? [[c.id, c.name]] : []))),
          products,
        });
      }
      case 'campaignList':
        return ok(await listCampaigns(db, Date.now(), { ...(e.before ? { before: e.before } : {}), ...(e.limit ? { limit: e.limit } : {}) }));
      case 'listCount':
        return ok(await listCount(db, { list: e.list, ...(e.name ? { name: e.name } : {}), ...(e.campaignId ? { campaignId: e.campaignId } : {}) }));
      case 'productSearch':
        return ok(await searchProducts(db, e.name));
      case 'productGet':
        return ok({ product: await productById(db, e.id) });
      case 'campaignGet':
        return ok(await getCampaign(db, e.id));
      case 'campaignSave':
        return ok(await saveCampaign(db, staff, e.campaign));
      case 'campaignDispatch':
        return ok(await dispatchCampaign(db, e.id, deps.startDispatch, Date.now(), staff));
      case 'campaignPause':
        return ok(await pauseCampaign(db, staff, e.id));
      case 'campaignAudience':
        return ok(await campaignAudience(db, e.segments, e.templateId, e.filtered ?? false));
      case 'subscribeFaults':
        return ok(await subscribeFaultsPage(db));
      case 'subscribeRetry':
        return ok(await subscribeFaultsPage(db, await requestBanRetry(db, staff)));
      case 'templateFaultClear':
        await clearTemplateFaults(db, e.templateId, ['removed']);
        return ok(await readTemplateFaults(db));
      case 'campaignResults': {
        const results = await campaignResults(db, e.id);
        const c = await getCampaign(db, e.id);
        return ok({ ...results, timing: explainTiming(c, Date.now(), (await banTryTimes(db)).get(c.templateId)) });
      }
      case 'ruleSegmentPreview':
        return ok(await previewRuleSegment(db, e.rule, e.refresh));
      case 'ruleSegmentSave':
        return ok(await saveRuleSegment(db, staff, e.rule));
      case 'ruleSegmentList':
        return ok(await listRuleSegmentsWithSize(db, { ...(e.before ? { before: e.before } : {}), ...(e.limit ? { limit: e.limit } : {}), ...(e.name ? { name: e.name } : {}) }));
      case 'ruleSegmentMembers':
        return ok(await ruleSegmentMembers(db, e.id, e.limit));
      case 'ruleSegmentCsv':
        return ok(await ruleSegmentCsv(db, e.id, deps.files));
      case 'outboxList':
        return ok(await listOutbox(db, { campaignId: e.campaignId, limit: e.limit }));
      case 'models':
        return ok(await modelsPage(db));
      case 'modelRollback':
        return ok(await rollbackModel(db, staff, e.model, e.to, e.note));
      case 'modelRefit':
        return ok(await requestRefit(db, staff, e.model, deps.runRefit, e.budgetMs ?? STAFF_REFIT_BUDGET_MS));
      case 'valueOverview':
        return ok(await valueOverview(db, e.days));
    }
  } catch (err) {
    if (err instanceof ModelLoadError)
      return fail('MODEL_UNAVAILABLE', '分群模型元数据无法读取，请联系技术人员', { reason: err.reason });
    return replyOfError(err, { fn: 'admin', retrySafe: action === undefined || RETRY_SAFE[action], internal: '后台服务出错，请稍后重试' });
  }
}
