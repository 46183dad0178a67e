/**
 * Dev pages of the local cloud: `/dev/login` (pick a customer or staff identity; sets the signed
 * session cookie, then redirects to the h5 app), `/dev/logout`, `/dev/outbox` (page) and
 * `/dev/outbox.json`, `/dev/status.json` (functions, pools, timers), `POST /dev/trigger/:fn` (fire a
 * function's timer trigger now), `POST /dev/subscribe/reject-later` (a customer refuses templates
 * from the service-notice card: WeChat's change event is pushed).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DbHandle } from '../index';
import type { FunctionRuntime } from '../functions/runtime';
import type { TimerScheduler } from '../timers/scheduler';
import type { SubscribeService } from '../openapi/subscribe-service';
import { BadRequestError, readForm, readJson, sendHtml, sendJson } from '../gateway/http-util';
import { clearSessionCookie, OPENID_PATTERN, sessionCookie, type SessionSigner } from '../gateway/session';
import { timerEvent } from '../timers/scheduler';
import { knownIdentities } from './known-identities';
import { loginPage, outboxPage } from './pages';

/** What the dev routes need. */
export interface DevDeps {
  db: DbHandle;
  sessions: SessionSigner;
  subscribe: SubscribeService;
  runtime: FunctionRuntime;
  timers: () => TimerScheduler | null;
}

type Mount = (method: string, prefix: string, handler: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void) => void;

/** Only same-site relative paths are followed after sign-in (no open redirect). */
function safeNext(v: string | null | undefined): string {
  return v && /^\/(?!\/)[\w\-./?=&%#]*$/.test(v) ? v : '/';
}

export function mountDevRoutes(addRoute: Mount, deps: DevDeps): void {
  const renderLogin = (req: IncomingMessage, res: ServerResponse, next: string, error?: string, status = 200) => {
    const current = deps.sessions.fromRequest(req)?.openid ?? null;
    let lists: ReturnType<typeof knownIdentities>;
    try {
      lists = knownIdentities(deps.db);
    } catch (err) {
      lists = { staff: [], customers: [] };
      error = `${error ?? ''} 读取用户列表失败：${(err as Error).message}`.trim();
    }
    sendHtml(res, status, loginPage({ current, ...lists, error, next }));
  };

  addRoute('GET', '/dev/login', (req, res, url) => renderLogin(req, res, safeNext(url.searchParams.get('next'))));

  addRoute('POST', '/dev/login', async (req, res) => {
    let form: URLSearchParams;
    try {
      form = await readForm(req);
    } catch (err) {
      return renderLogin(req, res, '/', (err as BadRequestError).message, (err as BadRequestError).status);
    }
    const openid = (form.get('openid') ?? '').trim();
    const next = safeNext(form.get('next'));
    if (!OPENID_PATTERN.test(openid)) {
      return renderLogin(req, res, next, 'openid 只能包含字母、数字、下划线和短横线，长度 1–64。', 400);
    }
    await deps.subscribe.rememberUser(openid, 'dev-login');
    res.writeHead(303, { location: next, 'set-cookie': sessionCookie(deps.sessions.sign(openid)), 'cache-control': 'no-store' });
    res.end();
  });

  const logout = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(303, { location: '/dev/login', 'set-cookie': clearSessionCookie() });
    res.end();
  };
  addRoute('POST', '/dev/logout', logout);
  addRoute('GET', '/dev/logout', logout);

  const listOutbox = (url: URL) => {
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit')) || 200, 1), 1000);
    const touser = url.searchParams.get('touser') ?? undefined;
    return deps.subscribe.outbox({ limit, touser });
  };
  addRoute('GET', '/dev/outbox.json', (_req, res, url) => sendJson(res, 200, { entries: listOutbox(url) }));
  addRoute('GET', '/dev/outbox', (req, res, url) => {
    const wantsJson = url.searchParams.get('format') === 'json' || /application\/json/.test(req.headers.accept ?? '');
    if (wantsJson) sendJson(res, 200, { entries: listOutbox(url) });
    else sendHtml(res, 200, outboxPage(listOutbox(url)));
  });

  addRoute('GET', '/dev/status.json', (_req, res) => {
    const t = deps.timers();
    sendJson(res, 200, {
      functions: deps.runtime.functions().map((f) => ({ name: f.name, timeoutMs: f.timeoutMs, triggers: f.triggers })),
      pools: deps.runtime.stats(),
      timers: t ? { scheduled: t.list(), invalid: t.invalid, recent: t.recent().slice(-20) } : null,
      templates: deps.subscribe.templates,
    });
  });

  // Fire a function's timer trigger now (demos: run segment or dispatch without waiting).
  addRoute('POST', '/dev/trigger/', async (_req, res, url) => {
    const fn = url.pathname.slice('/dev/trigger/'.length);
    const def = deps.runtime.functions().find((f) => f.name === fn);
    if (!def || def.triggers.length === 0) {
      return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no function with a timer trigger named "${fn}"` } });
    }
    try {
      const result = await deps.runtime.invokeFunction(fn, timerEvent(def.triggers[0].name, new Date()), { source: 'wx_trigger' });
      sendJson(res, 200, { ok: true, result });
    } catch (err) {
      sendJson(res, 502, { ok: false, error: { code: 'FUNCTION_FAILED', message: (err as Error).message } });
    }
  });

  // Emulates 拒收 from the service-notice card (WeChat pushes subscribe_msg_change_event).
  addRoute('POST', '/dev/subscribe/reject-later', async (req, res) => {
    let body: { openid?: unknown; templateIds?: unknown };
    try {
      body = ((await readJson(req, 16 * 1024)) ?? {}) as typeof body;
    } catch (err) {
      return sendJson(res, (err as BadRequestError).status ?? 400, { error: { code: 'BAD_REQUEST', message: (err as Error).message } });
    }
    const { openid, templateIds } = body;
    if (typeof openid !== 'string' || !OPENID_PATTERN.test(openid) || !Array.isArray(templateIds) || !templateIds.every((t) => typeof t === 'string')) {
      return sendJson(res, 400, { error: { code: 'BAD_REQUEST', message: 'body must be {openid, templateIds: string[]}' } });
    }
    const rejected = await deps.subscribe.rejectLater(openid, templateIds as string[]);
    sendJson(res, 200, { ok: true, rejected });
  });

  addRoute('GET', '/dev', (_req, res, url) => {
    if (url.pathname === '/dev' || url.pathname === '/dev/') {
      res.writeHead(302, { location: '/dev/login' }).end();
    } else sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no dev page at ${url.pathname}` } });
  });
}
