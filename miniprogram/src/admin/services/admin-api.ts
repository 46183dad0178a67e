/**
 * The admin pages' only door to the server: the `admin` cloud function (staff-only on the
 * server; the pages gate too, so a customer sees 无权限 instead of broken pages).
 */
import { callFunction } from '../../platform';
import { noReplyText } from '../../services/outcome';
import { isWriteAction } from '../../../../cloudfunctions/common/contracts/retry-safe';
import type {
  CampaignAudience,
  CampaignResults,
  OutboxRow,
  Overview,
  PageCursor,
  RuleMembersReply,
  RulePreviewReply,
  RuleSegmentView,
  SegmentMapReply,
  SegmentStat,
  ServingModel,
  TemplateFault,
  TemplateFaults,
  TimedCampaignDoc,
} from '../../../../cloudfunctions/common/contracts/admin-replies';
import type { SentimentGuard } from './model-view';
import { OUTBOX_ROWS } from './outbox-view';
import type { RuleSegmentDoc } from '../../../../cloudfunctions/common/audience/rule-schema';
import type { ValueOverview } from '../../../../cloudfunctions/common/contracts/value-replies';
import type { Campaign } from '../../../../cloudfunctions/common/campaign/campaign-schema';
import type { MerchantTemplate } from '../../../../cloudfunctions/common/campaign/merchant-templates';
import type { CampaignTiming } from '../../../../cloudfunctions/common/campaign/timing';
import type { FieldProblem } from '../../../../cloudfunctions/common/campaign/validate-campaign';

export type {
  Campaign,
  CampaignAudience,
  CampaignTiming,
  FieldProblem,
  MerchantTemplate,
  OutboxRow,
  Overview,
  PageCursor,
  SegmentMapReply,
  SegmentStat,
  ServingModel,
  TemplateFault,
  TemplateFaults,
  TimedCampaignDoc,
  ValueOverview,
};

/** A campaign's results with when it next goes out. */
export type CampaignResultsView = CampaignResults & { timing: CampaignTiming };
export type { CampaignResults };

/** A refused or failed admin call. `problems` is set when a campaign failed validation. */
export class AdminError extends Error {
  override name = 'AdminError';
  constructor(
    readonly code: string,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** Segments page data. */
export interface SegmentsData {
  segments: SegmentStat[];
  population: SegmentStat;
  catalog: Record<string, { name: string; explanation: string; centroid: Record<string, number> | null }>;
  typical: Record<string, number> | null;
  cached: boolean;
  computedAt: number;
  /** Runs oldest first; `modelVersion`: the segmentation version that ran (null: not recorded). */
  trend: Array<{ at: number; distribution: Record<string, number>; psi: number | null; modelVersion?: string | null }>;
}

/** A rule preview: counts and how fresh the projection is. */
export type RulePreviewView = RulePreviewReply;
export type { RuleMembersReply, RuleSegmentView };

/** Campaign editor choices. */
export interface EditorOptions {
  templates: MerchantTemplate[];
  segments: Array<{ id: number | string; name: string; phrase?: string }>;
  /** Saved rule segments, as campaign targets (`rule:<id>`). */
  ruleSegments?: Array<{ id: string; name: string; version: number }>;
  /** Category ids of the catalog (rule conditions). */
  categories?: string[];
  /** The shop's name of each category that has one (id → name). */
  categoryNames?: Record<string, string>;
  products: Array<{ _id: string; name?: string; title?: string; priceFen?: number }>;
}

/**
 * One admin call. For a write (a save, a send, a rollback, a refit: contracts/retry-safe.ts) an
 * answer that never came is OUTCOME_UNKNOWN 结果未知, not a failure.
 */
async function admin<T>(event: Record<string, unknown>): Promise<T> {
  const out = await callFunction<T>('admin', event);
  if (out.kind === 'reply') {
    if (out.reply.ok) return out.reply.data;
    const err = out.reply.error as { code: string; message: string; details?: { problems?: FieldProblem[] } };
    throw new AdminError(err.code, err.message, err.details?.problems ?? []);
  }
  const e = noReplyText(out, isWriteAction('admin', event.action));
  throw new AdminError(e.code, e.message);
}

/** One model on the 模型 card (admin action `models`). */
export interface ModelCard {
  model: string;
  label: string;
  serving: {
    version: string;
    source: 'shipped' | 'shop';
    /** The shipped model's own version (`version` then reads `shipped`); null when none ships. */
    shippedVersion?: string | null;
    trainedAt: string | null;
    dataWindow: { from: string; to: string; n: number } | null;
    evaluation: {
      metric: string;
      candidate: number;
      incumbent: number;
      heldOut: number;
      incumbentVersion: string;
      passed: boolean;
      reason: string;
    } | null;
  };
  lastGood: string | null;
  lastChange: {
    kind: 'guard' | 'rollback';
    by: string;
    from: string;
    to: string;
    note?: string;
    at: string;
  } | null;
  versions: Array<{
    version: string;
    status: string;
    /** `uploading` past the time a publish can take: a dead publish retention will delete. */
    stalledUpload?: boolean;
    createdAt: string;
    loadFailures: Array<{ reason: string }>;
    /** The back-test that judged the version (the model store's record); null before the guard. */
    evaluation?: ModelCard['serving']['evaluation'];
  }>;
  /** Older versions exist than those listed (the newest 10); absent from an earlier admin function. */
  olderVersions?: boolean;
  rollbackTargets: string[];
  lastRefit: {
    runId: string;
    status: string;
    requestedBy: string;
    phase: string;
    createdAt: number;
    finishedAt: number | null;
    error: { message: string } | null;
    /** What the refit found (fields a model's refit records; sentiment: all of them). */
    result: {
      /** Chinese, one sentence. */
      summary?: string;
      /** Rated reviews (or rows) the refit read. */
      rated?: number;
      promoted?: boolean;
      version?: string;
      /** Balanced accuracy on the held-back slice: the new version vs what served (class counts since session 15). */
      guard?: SentimentGuard;
    } | null;
  } | null;
  /** The refit timer's last decision for this model and why (Chinese). */
  schedule: { start: boolean; reason: string; at: number } | null;
}

/** What `modelRefit` answers: the run, and the first tick the refit function gave it at once. */
export interface RefitRequestReply {
  runId: string;
  created: boolean;
  tick: { status: string; phase?: string; steps: number; error?: string } | null;
  tickError?: string;
}

/** Typed admin actions. */
export const adminApi = {
  whoami: () => admin<{ openid: string; role: string }>({ action: 'whoami' }),
  overview: () => admin<Overview>({ action: 'overview' }),
  segments: () => admin<SegmentsData>({ action: 'segments' }),
  segmentsCsv: () => admin<{ filename: string; csv: string }>({ action: 'segmentsCsv' }),
  segmentMap: (refresh = false) => admin<SegmentMapReply>({ action: 'segmentMap', ...(refresh ? { refresh } : {}) }),
  /** `targets`: the edited campaign's own; its rules are offered however old (not only the newest 200). */
  editorOptions: (targets?: ReadonlyArray<number | string>) =>
    admin<EditorOptions>({ action: 'editorOptions', ...(targets?.length ? { targets } : {}) }),
  /** Most recently changed first: `limit` campaigns (≤ 200) after the one `before` names. */
  campaignList: (page: { before?: PageCursor; limit?: number } = {}) => admin<TimedCampaignDoc[]>({ action: 'campaignList', ...page }),
  /** How many a list holds in all (its count line); the outbox's also how many were sent. */
  listCount: (q: { list: 'campaigns' | 'ruleSegments' | 'outbox'; name?: string; campaignId?: string }) =>
    admin<{ total: number; sent?: number }>({ action: 'listCount', ...q }),
  /** Products whose name contains `name` (up to 50; `more`: others match too). */
  productSearch: (name: string) => admin<{ products: EditorOptions['products']; more: boolean }>({ action: 'productSearch', name }),
  /** One product by id (the edited campaign's, when not among the editor's 200); null: no longer in the shop. */
  productGet: (id: string) => admin<{ product: EditorOptions['products'][number] | null }>({ action: 'productGet', id }),
  campaignGet: (id: string) => admin<Campaign>({ action: 'campaignGet', id }),
  campaignSave: (campaign: Record<string, unknown>) => admin<Campaign>({ action: 'campaignSave', campaign }),
  campaignDispatch: (id: string) =>
    admin<{ campaign: TimedCampaignDoc; run: unknown; outcome: string }>({ action: 'campaignDispatch', id }),
  /** 暂停发送: a waiting or running campaign stops (立即发送/继续发送 resumes it). */
  campaignPause: (id: string) => admin<Campaign>({ action: 'campaignPause', id }),
  campaignResults: (id: string) => admin<CampaignResultsView>({ action: 'campaignResults', id }),
  campaignAudience: (segments: Array<number | string>, templateId: string, filtered = false) =>
    admin<CampaignAudience>({ action: 'campaignAudience', segments, templateId, filtered }),
  /** Templates WeChat refused beyond one customer: banned (43107), removed on the 公众平台 (40037). */
  subscribeFaults: () => admin<TemplateFaults>({ action: 'subscribeFaults' }),
  /** 立即重试: every template WeChat refused with 43107 is tried at the next tick. */
  subscribeRetry: () => admin<TemplateFaults>({ action: 'subscribeRetry' }),
  /** Staff added a removed template back on the 公众平台: offered and counted again. */
  templateFaultClear: (templateId: string) => admin<TemplateFaults>({ action: 'templateFaultClear', templateId }),
  ruleSegmentPreview: (rule: Record<string, unknown>) => admin<RulePreviewView>({ action: 'ruleSegmentPreview', rule }),
  ruleSegmentSave: (rule: Record<string, unknown>) => admin<RuleSegmentDoc>({ action: 'ruleSegmentSave', rule }),
  /** Newest first: `limit` rules (≤ 200) after the one `before` names; with `name`, those whose name contains it. */
  ruleSegmentList: (page: { before?: PageCursor; limit?: number; name?: string } = {}) =>
    admin<RuleSegmentView[]>({ action: 'ruleSegmentList', ...page }),
  /** The first 50 members, each with their stored churn risk and its sentence (staff only). */
  ruleSegmentMembers: (id: string) => admin<RuleMembersReply>({ action: 'ruleSegmentMembers', id }),
  /** Inline CSV, or — for a segment too big for one answer — a file and its temporary link. */
  ruleSegmentCsv: (id: string) =>
    admin<{ rows: number; csv?: string; file?: { url: string; bytes: number; expiresInS: number } }>({ action: 'ruleSegmentCsv', id }),
  models: () => admin<ModelCard[]>({ action: 'models' }),
  modelRollback: (model: string, to: string) =>
    admin<{ model: string; serving: string }>({ action: 'modelRollback', model, to }),
  modelRefit: (model: string) => admin<RefitRequestReply>({ action: 'modelRefit', model }),
  valueOverview: () => admin<ValueOverview>({ action: 'valueOverview' }),
  outboxList: (campaignId?: string) =>
    admin<OutboxRow[]>({ action: 'outboxList', ...(campaignId ? { campaignId } : {}), limit: OUTBOX_ROWS }),
};
