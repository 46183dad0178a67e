/**
 * WeChat's own records the local cloud keeps in its database (collections prefixed `_wx_`, never
 * touched by the app's functions): users known to the app, one-time subscribe grants, and the
 * outbox of every send attempt.
 */

/** Who is a user of the app (signed in through the dev page, called a function, or was seeded). */
export const WX_USERS = '_wx_users';
/** One-time grants, `_id` = `${openid}:${templateId}`. */
export const WX_GRANTS = '_wx_grants';
/** Every subscribeMessage.send attempt and its outcome. */
export const WX_OUTBOX = '_wx_outbox';
/**
 * WeChat's ban of the app's subscribe messages (43107), one document `_id` = 'ban': `all` (the
 * whole ability) and/or `templates` (only those). Absent = no ban, the default. Kept in the
 * database, so it outlives a restart as a real ban outlives a redeploy of ours.
 */
export const WX_SUBSCRIBE_BAN = '_wx_subscribe_ban';

/** The ban document. */
export interface WxSubscribeBan {
  _id: 'ban';
  all: boolean;
  templates: string[];
  at: string;
}

/** A grant record. */
export interface WxGrant {
  _id: string;
  openid: string;
  templateId: string;
  /** Unused one-time grants (each accept adds one, each successful send uses one). */
  available: number;
  accepted: number;
  rejected: number;
  lastResult: 'accept' | 'reject';
  lastResultAt: string;
}

/** An outbox entry: one send attempt. */
export interface WxOutboxEntry {
  _id: string;
  at: string;
  touser: string | null;
  templateId: string | null;
  page: string | null;
  data: unknown;
  miniprogramState: string | null;
  errcode: number;
  errmsg: string;
  /** The function that sent it, when known. */
  fromFunction: string | null;
  /** Rendered text (template title + field names and values) for people reading the outbox. */
  rendered: string | null;
}
