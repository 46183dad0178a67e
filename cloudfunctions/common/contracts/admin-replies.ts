/**
 * The admin function's reply shapes, apart from the code that computes them (which reads files
 * and uses Node), so the admin pages can import them without pulling server code into the mini
 * program's typecheck (tsconfig.miniprogram.json has no Node typings).
 */
import type { RulePreview } from '../audience/evaluate-rule';
import type { RuleSegmentDoc } from '../audience/rule-schema';
import type { Campaign } from '../campaign/campaign-schema';
import type { CampaignTiming } from '../campaign/timing';
import type { Uplift } from '../campaign/uplift';
import type { OutboxDoc } from '../dispatch/outbox';

/** One template WeChat refused beyond a customer. */
export interface TemplateFault {
  templateId: string;
  /** First refusal of this kind since the template last sent (ms). */
  since: number;
  /** Latest refusal (ms). */
  lastSeenAt: number;
  /** The campaign whose send was refused last. */
  campaignId: string;
  /** `banned` only: refusals in a row since the template last sent (the back-off's step; absent before it). */
  refusals?: number;
  /** `banned` only: no send with the template is tried before this (ms; dispatch/ban-backoff.ts). */
  nextTryAt?: number;
}

/** A send WeChat took while a template was banned: the evidence that not every template is refused. */
export interface SentThrough {
  templateId: string;
  at: number;
}

/** Staff's 立即重试 (kept for the record: who asked, when; the newest 20). */
export interface BanRetryRequest {
  /** Staff openid (from the context). */
  by: string;
  at: number;
  /** `subscribeFaults` only: how the page names them (admin/staff-names.ts). */
  who?: string;
}

/** One line of a campaign's 操作记录: what staff did (暂停发送 / 继续发送), when, and who. */
export interface StaffLogEntry {
  action: 'pause' | 'resume';
  at: number;
  /** How the page names them (admin/staff-names.ts), not their openid. */
  who: string;
}

/** The two kinds, as stored (dispatch/template-faults.ts) and answered by `subscribeFaults`. */
export interface TemplateFaults {
  banned: TemplateFault[];
  removed: TemplateFault[];
  /** The latest send that went through while a ban entry was stored (absent: none since). */
  lastSent?: SentThrough;
  /** 立即重试 requests, oldest first. */
  retries?: BanRetryRequest[];
  /** `subscribeFaults` only: campaigns due or running whose template is banned (0: nothing will be tried). */
  waiting?: number;
}

/** Results of one campaign. */
export interface CampaignResults {
  campaignId: string;
  claimed: number;
  /** Accepted by subscribeMessage.send (errcode 0). */
  sent: number;
  /** Delivered, per WeChat's sent event (ErrorCode 0): the treatment group of the uplift. */
  delivered: number;
  /** Sent events with another ErrorCode (e.g. the customer refused), by code. */
  undeliveredByCode: Record<string, number>;
  /** Accepted sends whose sent event has not arrived (yet). */
  deliveryPending: number;
  failedByCode: Record<string, number>;
  unknown: number;
  skippedNoGrant: number;
  /** Not sent: the customer withdrew consent or turned personalised pushes off just before the send. */
  optedOut?: number;
  holdout: number;
  opens: number;
  openRate: number | null;
  conversions: { treatment: number; holdout: number; windowHours: number };
  uplift: Uplift;
}

/** A saved rule segment as a campaign target (`rule:<id>`), as the campaign pages name it. */
export interface RuleTargetOption {
  id: string;
  name: string;
  version: number;
}

/**
 * A campaign with when and why it will next go out, and the targets it names that no longer
 * exist (a model segment the serving segmentation retired, a deleted rule segment): staff must
 * re-target it before it can be sent. `targetRules`: the saved rules among its targets, read by id
 * in the same read as `staleTargets` (however old the rule), so the card names every one.
 */
export type TimedCampaignDoc = Campaign & {
  timing: CampaignTiming;
  staleTargets: string[];
  targetRules?: RuleTargetOption[];
  /** Its `staffActions` with who did each, oldest first (absent from an earlier admin function). */
  staffLog?: StaffLogEntry[];
};

/** One row of the outbox page. */
export interface OutboxRow {
  id: string;
  campaignId: string;
  /** The campaign's name as staff gave it; null when the campaign no longer exists. */
  campaignName: string | null;
  customer: string;
  status: OutboxDoc['status'];
  group: OutboxDoc['group'];
  errorCode: number | null;
  /** WeChat's delivery receipt code (0 = delivered), null until the sent event arrived. */
  deliveryCode: number | null;
  reason: string | null;
  attempts: number;
  at: number;
}

/** One model on the overview: the version that serves and where it came from. */
export interface ServingModel {
  model: string;
  /** Chinese name (评价情感, 客户分群, 客户价值). */
  label: string;
  /** `shop`: trained on the shop's data; `shipped`: the model bundled with the functions; `none`: no model (value before its first version). */
  source: 'shop' | 'shipped' | 'none';
  /** The shop version, or the shipped model's own version; null for `none`. */
  version: string | null;
  /** When the current version started serving (ISO), null when nothing ever changed. */
  since: string | null;
}

/** The campaign editor's reach estimate (counts of customers; admin/campaign-audience.ts). */
export interface CampaignAudience {
  /** in the chosen segments (every customer when none is chosen) */
  targeted: number;
  /** …who agreed to data collection (and, for a segment campaign, kept personalised pushes on) */
  reachable: number;
  /** …who have a notice of this template left */
  subscribed: number;
  /** the campaign targets segments, so personalised-push opt-outs are left out */
  personalised: boolean;
  /** when the customer rows were read (ms) */
  projectedAt: number;
  /**
   * WeChat answered 40037 for this template (no longer the app's, e.g. deleted on the 公众平台):
   * its grants in the ledger can no longer be used, so `subscribed` is 0 (dispatch/template-faults.ts).
   */
  templateRemoved?: TemplateFault;
}

/** A segmentation refit that did not ship, as 概览 shows it. */
export interface SegmentRefitNote {
  status: 'rejected' | 'failed';
  /** When the run ended (ms). */
  at: number;
  /** Why, in plain Chinese (the refused run's own summary). */
  summary: string;
}

/** Overview figures. */
export interface Overview {
  /** Customer profiles (people with data). */
  customers: number;
  /** People whose consent to collection stands now (granted, not withdrawn). */
  consented: number;
  /**
   * People who withdrew (their data erased; one hashed tombstone each). The share this replaced
   * was of consent records — tombstones and non-granting records too — so it read 99.9% above
   * 692 人 next to 692 customers; a merchant could not tell what it was out of.
   */
  withdrawn: number;
  personalizationOff: number;
  eventsToday: number;
  models: {
    segmentation: string | null;
    lastRunModel: string | null;
    /** Every model the product runs (sentiment, segmentation, value), with what serves it now. */
    serving: ServingModel[];
  };
  lastSegmentationAt: number | null;
  /** The newest segmentation refit, when it was refused or failed (else null): 概览 says so. */
  segmentRefit: SegmentRefitNote | null;
  drift: Array<{ at: number; psi: number; level: 'moderate' | 'large'; message: string }>;
  campaigns: { total: number; running: number };
}

/** Statistics of one segment (or the population, id `all`). */
export interface SegmentStat {
  id: string;
  /** The name the segment job stored on the members (`segmentName`), when any carries one. */
  name?: string;
  size: number;
  /** Mean of each feature over members that carry features (null when none do). */
  means: Record<string, number | null>;
  /** Members per sentiment bin (`[0,.2)`, …); empty when profiles carry no sentiment feature. */
  sentimentBins: number[];
  /** Most-viewed categories, with the shop's name for each when a product still carries it. */
  topCategories: Array<{ categoryId: string; categoryName?: string; weight: number }>;
}

/**
 * The segment map: a deterministic sample of customers projected on the top two principal
 * components of the serving model's space, coloured by segment. Points are anonymous.
 */
export interface SegmentMapReply {
  modelVersion: string;
  /** `latent`: the model's encoder output; `standardised`: its standardised features (plain k-means) */
  space: 'latent' | 'standardised';
  points: Array<{ x: number; y: number; segmentId: string }>;
  /** share of the sample's variance along each axis */
  explained: number[];
  /** per segment: name, customers assigned, customers drawn */
  segments: Array<{ id: string; name: string; size: number; sampled: number }>;
  /** assigned customers the sample was drawn from */
  population: number;
  computedAt: number;
  cached: boolean;
}

/**
 * One listed member of a saved rule segment (staff only): the masked id, why they match, and their
 * stored churn risk with its sentence (profiles' `value.churnRisk`/`churnReason`, what the value
 * model's last pass wrote) — absent for a customer with no buyer prediction.
 */
export interface RuleMemberView {
  customer: string;
  reasons: string[];
  churn?: { level: 'low' | 'medium' | 'high'; reason: string };
}

/** 查看成员: the members listed (the first `limit`) of `total`. */
export interface RuleMembersReply {
  rule: { _id: string; name: string; version: number };
  total: number;
  members: RuleMemberView[];
  projectedAt: number;
}

/** A rule-segment preview: counts plus how fresh the projection is. */
export interface RulePreviewReply extends RulePreview {
  projectedAt: number;
  ms: number;
}

/**
 * What a staff export file's link does (common/admin/export-list.ts): `ready` works (until
 * `linkUntil`), `expired` is past its ten minutes (the file goes at retention's next pass),
 * `voided`: a customer's erasure deleted the file.
 */
export type ExportState = 'ready' | 'expired' | 'voided';

/** One export file as staff's list shows it. */
export interface ExportListItem {
  /** The export's id (its name on the rule). */
  id: string;
  /** When the export began (epoch ms). */
  at: number;
  /** When its link stops working, counted from `at` (it is issued a moment later, so may work a few seconds more). */
  linkUntil: number;
  state: ExportState;
  /** When the erasure that deleted the file marked it (state `voided`). */
  voidedAt?: number;
}

/**
 * Where a newest-first admin list (自定义分群, 活动: `updatedAt`, then `_id`, both descending) goes
 * on: the last item of the page before.
 */
export interface PageCursor {
  updatedAt: number;
  _id: string;
}

/** A saved rule segment with its current size and its export files of the last hour, newest first. */
export type RuleSegmentView = RuleSegmentDoc & { size: number; exports: ExportListItem[] };
