/**
 * Database collection names, in one place so functions, the init step and the local cloud agree.
 */
export const COLLECTIONS = {
  /** Raw tracked events, `_id` = `${openid}:${eventId}` (idempotency by primary key). */
  events: 'events',
  /** One living profile per customer, `_id` = openid. */
  profiles: 'profiles',
  /** Tracking consent per customer, `_id` = openid (version, granted/withdrawn, personalisation). */
  consents: 'consents',
  /** Subscribe-message grants ledger, `_id` = `${openid}:${templateId}`. */
  grants: 'grants',
  /** Merchant staff, `_id` = openid. */
  admins: 'admins',
  /** Product catalog of the shop. */
  products: 'products',
  /** Orders placed through the shop function, `_id` = orderId (amounts computed server-side). */
  orders: 'orders',
  /** Campaign definitions. */
  campaigns: 'campaigns',
  /** Every send attempt and its result. */
  outbox: 'outbox',
  /** WeChat's subscribe-message pushes (popup/change/sent), one document per item; the only source of grants and delivery results. */
  subscribePushes: 'subscribe_pushes',
  /** Segment assignment history and per-run statistics. */
  segmentRuns: 'segment_runs',
  segmentHistory: 'segment_history',
  /** Cursors and leases of paged, resumable jobs. */
  jobs: 'jobs',
  /** Trained model versions (`_id` = `<model>@<version>`) and the per-model serving pointer (`_id` = model). */
  modelVersions: 'model_versions',
  modelPointers: 'model_pointers',
  /** Runs of resumable jobs (refits): phase, cursor, state, lease (`_id` = `<kind>@<stamp>`). */
  jobRuns: 'job_runs',
  /** One value snapshot per day (`_id` = YYYY-MM-DD): distribution, revenue by segment, at-risk high-value count. */
  valueSnapshots: 'value_snapshots',
  /** Merchant-defined rule segments (current version) and every saved version (`<id>@<version>`). */
  ruleSegments: 'rule_segments',
  ruleSegmentVersions: 'rule_segment_versions',
  /** Events that could not be processed and need a person to look. */
  deadLetters: 'dead_letters',
} as const;

/** A collection name. */
export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];
