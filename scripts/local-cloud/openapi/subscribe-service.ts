/**
 * WeChat's side of subscribe messages: templates, one-time grants per (openid, template), known
 * users, the send rules and the outbox. Used by the `wx.openApi` action (sends from functions),
 * the gateway (`/gateway/subscribe` registers grants) and the dev pages (outbox listing).
 * Like WeChat, it tells the app what happened only through message pushes (message-push.ts):
 * a popup event when the customer answers, a sent event after each delivered send, a change
 * event when the customer later refuses a template from the notice card.
 */
import crypto from 'node:crypto';
import type { DbHandle } from '../index';
import { pageProblem } from './app-pages';
import { checkFieldValue } from './field-rules';
import type { MessagePush, SubscribeItem } from './message-push';
import type { SubscribeTemplate } from './templates';
import { WX_GRANTS, WX_OUTBOX, WX_SUBSCRIBE_BAN, WX_USERS, type WxGrant, type WxOutboxEntry, type WxSubscribeBan } from './wx-state';
import { beijingIsoDay } from '../../../cloudfunctions/common/beijing-time';

/** WeChat's answer to a send: errcode 0 = delivered. */
export interface SendAnswer {
  errcode: number;
  errmsg: string;
  msgid?: string;
}

/** Collections whose `_id`s are openids of people who use the app (seeded or signed in). */
const USER_SOURCES = ['profiles', 'consents', 'admins'];

/** The subscribe-message service over the local cloud's database. */
export class SubscribeService {
  private readonly byId: Map<string, SubscribeTemplate>;
  private readonly knownCache = new Set<string>();
  private push: MessagePush | null = null;
  private delivered = { day: '', count: 0 };
  /**
   * Deliveries a day (UTC+8) before sends answer 45009 "reach max api daily quota limit", as
   * developers report of subscribeMessage.send; WeChat does not publish the figure, so none by
   * default (null). Tests set it to see the product take an answered quota refusal.
   */
  dailySendQuota: number | null = null;

  /** `pages`: the mini program's pages a send's `page` must be one of (41030), null = not checked (app-pages.ts). */
  constructor(
    private readonly db: DbHandle,
    readonly templates: SubscribeTemplate[],
    private readonly pages: ReadonlySet<string> | null = null,
  ) {
    this.byId = new Map(templates.map((t) => [t.id, t]));
  }

  /** Connects the message push (the cloud does it once its function runtime exists). */
  attachPush(push: MessagePush): void {
    this.push = push;
  }

  template(id: string): SubscribeTemplate | undefined {
    return this.byId.get(id);
  }

  /**
   * The merchant deletes a template on the 公众平台 (templates.json keeps it for the next start):
   * customers' grants stay, and every send with its id is answered 40037 from now on.
   */
  removeTemplate(id: string): boolean {
    return this.byId.delete(id);
  }

  /**
   * WeChat bans the app's subscribe messages (43107 「订阅消息能力封禁」): every send answered so,
   * nothing delivered and no grant used, until {@link liftBan}. `templates`: only those (Tencent
   * Cloud's error table names a banned template as the other cause, send-policy.ts BANNED_CODE).
   * Off by default; stored in `_wx_subscribe_ban`, so it holds across a restart.
   */
  async banSubscribe(scope: 'app' | { templates: string[] } = 'app'): Promise<void> {
    const doc: WxSubscribeBan = {
      _id: 'ban',
      all: scope === 'app',
      templates: scope === 'app' ? [] : [...new Set(scope.templates)],
      at: new Date().toISOString(),
    };
    await this.db.collection(WX_SUBSCRIBE_BAN).remove({ _id: 'ban' });
    await this.db.collection(WX_SUBSCRIBE_BAN).insert(doc as never);
  }

  /** The ban is lifted (an appeal succeeded): sends are judged as before. */
  async liftBan(): Promise<void> {
    await this.db.collection(WX_SUBSCRIBE_BAN).remove({ _id: 'ban' });
  }

  /** Whether a send with `templateId` is refused for a ban now. */
  bannedFor(templateId: string): boolean {
    const ban = this.db.collection(WX_SUBSCRIBE_BAN).get('ban') as WxSubscribeBan | null;
    return !!ban && (ban.all || ban.templates.includes(templateId));
  }

  /** True when `openid` is a user of the app: signed in / called a function, or seeded. */
  isKnownUser(openid: string): boolean {
    if (this.knownCache.has(openid)) return true;
    const known =
      this.db.collection(WX_USERS).get(openid) !== null ||
      USER_SOURCES.some((c) => this.db.collection(c).get(openid) !== null);
    if (known) this.knownCache.add(openid);
    return known;
  }

  /** Records `openid` as a user of the app (idempotent; cheap after the first time). */
  async rememberUser(openid: string, via: string): Promise<void> {
    if (!openid || this.knownCache.has(openid)) return;
    this.knownCache.add(openid);
    if (this.db.collection(WX_USERS).get(openid)) return;
    const doc = { _id: openid, firstSeenAt: new Date().toISOString(), via };
    // A concurrent first sighting may insert the same _id first: that is fine.
    await this.db.collection(WX_USERS).insert(doc).catch(() => undefined);
  }

  /** Openids known from sign-ins and seeded collections (for the dev sign-in page). */
  knownUsers(limit = 200): string[] {
    return this.db.collection(WX_USERS).find({}, { limit }).map((d) => String(d._id));
  }

  /**
   * Registers the user's answers to one wx.requestSubscribeMessage prompt: each `accept` adds one
   * one-time grant for that template. Unknown template ids are answered `filter` like WeChat
   * does for templates that are not the app's, and registered nowhere. Then WeChat pushes
   * `subscribe_msg_popup_event` with the answers (awaited, so the app's ledger has them when the
   * caller continues); `push: false` only records WeChat's side (fixtures that seed the ledger).
   */
  async registerGrants(
    openid: string,
    results: Record<string, 'accept' | 'reject'>,
    opts: { push?: boolean } = {},
  ): Promise<Record<string, 'accept' | 'reject' | 'filter'>> {
    const out: Record<string, 'accept' | 'reject' | 'filter'> = {};
    const now = new Date().toISOString();
    for (const [templateId, result] of Object.entries(results)) {
      if (!this.byId.has(templateId)) {
        out[templateId] = 'filter';
        continue;
      }
      const accept = result === 'accept';
      await this.db.collection(WX_GRANTS).update(
        { _id: `${openid}:${templateId}` },
        {
          $set: { openid, templateId, lastResult: accept ? 'accept' : 'reject', lastResultAt: now },
          $inc: { available: accept ? 1 : 0, accepted: accept ? 1 : 0, rejected: accept ? 0 : 1 },
        },
        { upsert: true },
      );
      out[templateId] = accept ? 'accept' : 'reject';
    }
    await this.rememberUser(openid, 'subscribe');
    const items: SubscribeItem[] = Object.entries(out)
      .filter((e): e is [string, 'accept' | 'reject'] => e[1] !== 'filter')
      .map(([TemplateId, r]) => ({ TemplateId, SubscribeStatusString: r, PopupScene: '0' }));
    if (items.length && opts.push !== false && this.push) {
      await this.push.deliver(this.push.event(openid, 'subscribe_msg_popup_event', items));
    }
    return out;
  }

  /**
   * The customer refuses templates later, from the service-notice card (拒收): WeChat keeps no
   * grant for them (sends answer 43101) and pushes `subscribe_msg_change_event`.
   */
  async rejectLater(openid: string, templateIds: string[]): Promise<string[]> {
    const now = new Date().toISOString();
    const known = [...new Set(templateIds)].filter((t) => this.byId.has(t));
    for (const templateId of known) {
      await this.db.collection(WX_GRANTS).update(
        { _id: `${openid}:${templateId}` },
        { $set: { openid, templateId, available: 0, lastResult: 'reject', lastResultAt: now }, $inc: { rejected: 1 } },
        { upsert: true },
      );
    }
    if (known.length && this.push) {
      const items = known.map((TemplateId) => ({ TemplateId, SubscribeStatusString: 'reject' as const }));
      await this.push.deliver(this.push.event(openid, 'subscribe_msg_change_event', items));
    }
    return known;
  }

  /** The grant record of (openid, template), if any. */
  grant(openid: string, templateId: string): WxGrant | null {
    return this.db.collection(WX_GRANTS).get(`${openid}:${templateId}`) as WxGrant | null;
  }

  /** Grants of one user (dev pages, tests). */
  grantsOf(openid: string): WxGrant[] {
    return this.db.collection(WX_GRANTS).find({ openid }) as unknown as WxGrant[];
  }

  /** Validates and "delivers" one message; every attempt lands in the outbox. */
  async send(params: Record<string, unknown>, fromFunction: string | null = null): Promise<SendAnswer> {
    const touser = typeof params.touser === 'string' ? params.touser : null;
    const templateId = typeof params.template_id === 'string' ? params.template_id : null;
    const state = typeof params.miniprogram_state === 'string' ? params.miniprogram_state : null;
    const tpl = templateId ? this.byId.get(templateId) : undefined;
    const answer = await this.decide(touser, tpl, params, state);
    const entry: WxOutboxEntry = {
      _id: crypto.randomUUID(),
      at: new Date().toISOString(),
      touser,
      templateId,
      page: typeof params.page === 'string' ? params.page : null,
      data: params.data ?? null,
      miniprogramState: state,
      errcode: answer.errcode,
      errmsg: answer.errmsg,
      fromFunction,
      rendered: tpl ? render(tpl, params.data) : null,
    };
    await this.db.collection(WX_OUTBOX).insert(entry as never);
    if (answer.errcode !== 0) return answer;
    // Delivered: WeChat tells the app afterwards, asynchronously, with the message id it answered.
    if (this.push && touser && templateId) {
      const item = { TemplateId: templateId, MsgID: entry._id, ErrorCode: '0', ErrorStatus: 'success' };
      this.push.enqueue(this.push.event(touser, 'subscribe_msg_sent_event', [item]));
    }
    return { ...answer, msgid: entry._id };
  }

  private async decide(
    touser: string | null,
    tpl: SubscribeTemplate | undefined,
    params: Record<string, unknown>,
    state: string | null,
  ): Promise<SendAnswer> {
    if (!tpl) return { errcode: 40037, errmsg: 'invalid template_id' };
    // Judged before the customer and the parameters: the refusal is the app's (or the template's).
    if (this.bannedFor(tpl.id)) return { errcode: 43107, errmsg: 'subscribe message capability banned' };
    if (!touser || !this.isKnownUser(touser)) return { errcode: 40003, errmsg: 'invalid openid' };
    if (state !== null && !['developer', 'trial', 'formal'].includes(state)) {
      return { errcode: 47003, errmsg: 'argument invalid! miniprogram_state must be developer, trial or formal' };
    }
    if (params.page !== undefined && typeof params.page !== 'string') {
      return { errcode: 47003, errmsg: 'argument invalid! page must be a string' };
    }
    const badPage = typeof params.page === 'string' && this.pages ? pageProblem(params.page, this.pages) : null;
    if (badPage) return { errcode: 41030, errmsg: badPage };
    const data = params.data;
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      return { errcode: 47003, errmsg: 'argument invalid! data is empty' };
    }
    const keys = new Set(tpl.fields.map((f) => f.key));
    for (const k of Object.keys(data)) {
      if (!keys.has(k)) return { errcode: 47003, errmsg: `argument invalid! data.${k} is not a field of template ${tpl.id}` };
    }
    for (const f of tpl.fields) {
      const item = (data as Record<string, unknown>)[f.key];
      const value = item && typeof item === 'object' ? (item as { value?: unknown }).value : undefined;
      const why = checkFieldValue(f.key, value);
      if (why) return { errcode: 47003, errmsg: `argument invalid! data.${f.key}.value ${why}` };
    }
    if (this.dailySendQuota !== null && this.deliveredToday() >= this.dailySendQuota)
      return { errcode: 45009, errmsg: 'reach max api daily quota limit' };
    // Consume one one-time grant; the conditional update cannot take a grant that is not there.
    const res = await this.db
      .collection(WX_GRANTS)
      .update({ _id: `${touser}:${tpl.id}`, available: { $gt: 0 } }, { $inc: { available: -1 } });
    if (res.updated === 0) return { errcode: 43101, errmsg: 'user refuse to accept the msg' };
    this.deliveredToday(1);
    return { errcode: 0, errmsg: 'ok' };
  }

  /** Deliveries so far on this UTC+8 day (after adding `more`). */
  private deliveredToday(more = 0): number {
    const day = beijingIsoDay(Date.now());
    if (this.delivered.day !== day) this.delivered = { day, count: 0 };
    this.delivered.count += more;
    return this.delivered.count;
  }

  /** Outbox entries, newest first. */
  outbox(opts: { limit?: number; touser?: string } = {}): WxOutboxEntry[] {
    return this.db
      .collection(WX_OUTBOX)
      .find(opts.touser ? { touser: opts.touser } : {}, { sort: { at: -1 }, limit: opts.limit ?? 200 }) as unknown as WxOutboxEntry[];
  }
}

function render(tpl: SubscribeTemplate, data: unknown): string {
  const d = (data && typeof data === 'object' ? data : {}) as Record<string, { value?: unknown } | undefined>;
  const lines = tpl.fields.map((f) => `${f.name}：${d[f.key]?.value ?? ''}`);
  return `【${tpl.title}】\n${lines.join('\n')}`;
}
