/**
 * How many items an admin list holds in all, for its count line (共 X 条): the lists page 50 or
 * show the newest N, so their length alone would not say how many exist. One `count()` each
 * (documented for cloud functions; no page cap applies to it).
 */
import { nameContains } from '../audience/name-search';
import { COLLECTIONS } from '../contracts/collections';
import { QxError } from '../contracts/errors';
import type { Db } from '../db/wx-db';

/** Which list, and its filter: a rule-name search, or one campaign's outbox. */
export interface ListCountQuery {
  list: 'campaigns' | 'ruleSegments' | 'outbox';
  name?: string;
  campaignId?: string;
}

/** The total of a list; for the outbox also how many of them were sent. */
export interface ListCount {
  total: number;
  sent?: number;
}

/** Counts what `q` names; a filter the list does not have is INVALID_INPUT, not ignored. */
export async function listCount(db: Db, q: ListCountQuery): Promise<ListCount> {
  if (q.name !== undefined && q.list !== 'ruleSegments') throw new QxError('INVALID_INPUT', '只有自定义分群可以按名称搜索');
  if (q.campaignId !== undefined && q.list !== 'outbox') throw new QxError('INVALID_INPUT', '只有发送记录可以按活动筛选');
  switch (q.list) {
    case 'campaigns':
      return { total: await db.count(COLLECTIONS.campaigns, {}) };
    case 'ruleSegments':
      return { total: await db.count(COLLECTIONS.ruleSegments, q.name ? { name: nameContains(q.name) } : {}) };
    case 'outbox': {
      const where = q.campaignId ? { campaignId: q.campaignId } : {};
      const [total, sent] = await Promise.all([db.count(COLLECTIONS.outbox, where), db.count(COLLECTIONS.outbox, { ...where, status: 'sent' })]);
      return { total, sent };
    }
  }
}
