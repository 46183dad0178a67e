/**
 * Dev pages of the local cloud: `/dev/login` (pick a customer or staff identity; sets the signed
 * session cookie, then redirects to the h5 app), `/dev/logout` (revokes the session), `/dev/outbox`
 * (page) and `/dev/outbox.json`, `/dev/status.json` (functions, pools, timers), `POST
 * /dev/trigger/:fn` (fire a function's timer trigger now), `POST /dev/subscribe/reject-later` (a
 * customer refuses templates from the service-notice card: WeChat's change event is pushed),
 * `POST /dev/subscribe/ban` (WeChat bans the app's subscribe messages, 43107, or lifts the ban).
 *
 * Who may do what: sign-in and logout are forms of our own pages (same origin, form content
 * type). The outbox (every user's messages), triggers (run dispatch/segment as the timer) and
 * reject-later (changes a customer's grants) are operator tools: a signed-in STAFF session (an openid in `admins` with role `staff`) from our own pages, or a local
 * tool signing with this run's credentials like `/admin` (`devFetch`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DbHandle } from '../index';
import type { CloudCredentials } from '../auth/credentials';
import { checkAuthorizationHeaders, verifySignature } from '../auth/tc3-verify';
import type { FunctionRuntime } from '../functions/runtime';
import type { TimerScheduler } from '../timers/scheduler';
import type { SubscribeService } from '../openapi/subscribe-service';
import { BadRequestError, readForm, readJson, sendHtml, sendJson } from '../gateway/http-util';
import { clearSessionCookie, OPENID_PATTERN, type SessionSigner } from '../gateway/session';
import { checkSameSite, refuse } from '../server/request-guards';
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
  /** This run's credentials (tools sign operator requests with them). */
  credentials: CloudCredentials;
}

type Mount = (
  method: string,
  prefix: string,
  handler: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void,
) => void;

/** Only same-site relative paths are followed after sign-in (no open redirect): `v` when it is one, else '/'. */
export function safeNext(v: string | null | undefined): string {
  return v && /^\/(?!\/)[\w\-./?=&%#]*$/.test(v) ? v : '/';
}

/**
 * Whether the request may use an operator route; answers the refusal when not. A signed request
 * (Authorization present) must verify; otherwise a staff session from our own pages, with a JSON
 * body type for POSTs.
 */
function operatorAllowed(
  deps: DevDeps,
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, unknown> = {},
): boolean {
  if (req.headers.authorization !== undefined) {
    const bad =
      checkAuthorizationHeaders(req.headers, deps.credentials) ??
      verifySignature(
        { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, params },
        deps.credentials,
      );
    if (!bad) return true;
    refuse(res, 401, 'SIGN_PARAM_INVALID', `${bad.reason}: ${bad.message}`);
    return false;
  }
  const session = deps.sessions.fromRequest(req);
  if (!session) {
    refuse(
      res,
      401,
      'UNAUTHENTICATED',
      '仅限商家员工：请先在 /dev/login 以员工身份登录（或用本次运行的 credentials.json 签名请求）',
    );
    return false;
  }
  // The functions' rule (common/admin/guard.ts isStaff): role `staff`, not merely a record — one
  // kept after access was withdrawn must not keep the outbox, triggers and customers' grants.
  if ((deps.db.collection('admins').get(session.openid) as { role?: unknown } | null)?.role !== 'staff') {
    refuse(res, 403, 'FORBIDDEN', `仅限商家员工：${session.openid} 不是员工`);
    return false;
  }
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  return checkSameSite(req, res, 'json');
}

export function mountDevRoutes(addRoute: Mount, deps: DevDeps): void {
  const renderLogin = (
    req: IncomingMessage,
    res: ServerResponse,
    next: string,
    error?: string,
    status = 200,
  ) => {
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

  addRoute('GET', '/dev/login', (req, res, url) =>
    renderLogin(req, res, safeNext(url.searchParams.get('next'))),
  );

  addRoute('POST', '/dev/login', async (req, res) => {
    if (!checkSameSite(req, res, 'form')) return;
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
    res.writeHead(303, {
      location: next,
      'set-cookie': deps.sessions.cookieFor(openid),
      'cache-control': 'no-store',
    });
    res.end();
  });

  // Logout revokes the session on the server, so a copy of the cookie stops working too.
  addRoute('POST', '/dev/logout', async (req, res) => {
    if (!checkSameSite(req, res, 'form')) return; // the page's logout form
    req.resume();
    await deps.sessions.revoke(req);
    res.writeHead(303, {
      location: '/dev/login',
      'set-cookie': clearSessionCookie(),
      'cache-control': 'no-store',
    });
    res.end();
  });
  // A GET changes nothing (a cross-site <img src> must not sign anyone out): the page has the form.
  addRoute('GET', '/dev/logout', (_req, res) => void res.writeHead(303, { location: '/dev/login' }).end());

  const listOutbox = (url: URL) => {
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit')) || 200, 1), 1000);
    const touser = url.searchParams.get('touser') ?? undefined;
    return deps.subscribe.outbox({ limit, touser });
  };
  addRoute('GET', '/dev/outbox.json', (req, res, url) => {
    if (operatorAllowed(deps, req, res)) sendJson(res, 200, { entries: listOutbox(url) });
  });
  addRoute('GET', '/dev/outbox', (req, res, url) => {
    if (!operatorAllowed(deps, req, res)) return;
    const wantsJson =
      url.searchParams.get('format') === 'json' || /application\/json/.test(req.headers.accept ?? '');
    if (wantsJson) sendJson(res, 200, { entries: listOutbox(url) });
    else sendHtml(res, 200, outboxPage(listOutbox(url)));
  });

  addRoute('GET', '/dev/status.json', (_req, res) => {
    const t = deps.timers();
    sendJson(res, 200, {
      functions: deps.runtime
        .functions()
        .map((f) => ({ name: f.name, timeoutMs: f.timeoutMs, triggers: f.triggers })),
      pools: deps.runtime.stats(),
      rollouts: deps.runtime.rollouts(),
      timers: t ? { scheduled: t.list(), invalid: t.invalid, recent: t.recent().slice(-20) } : null,
      templates: deps.subscribe.templates,
    });
  });

  // Fire a function's timer trigger now (demos: run segment or dispatch without waiting).
  addRoute('POST', '/dev/trigger/', async (req, res, url) => {
    if (!operatorAllowed(deps, req, res)) return;
    req.resume(); // the trigger takes no body
    const fn = url.pathname.slice('/dev/trigger/'.length);
    const def = deps.runtime.functions().find((f) => f.name === fn);
    if (!def || def.triggers.length === 0) {
      return sendJson(res, 404, {
        error: { code: 'NOT_FOUND', message: `no function with a timer trigger named "${fn}"` },
      });
    }
    try {
      const result = await deps.runtime.invokeFunction(fn, timerEvent(def.triggers[0].name, new Date()), {
        source: 'wx_trigger',
      });
      sendJson(res, 200, { ok: true, result });
    } catch (err) {
      sendJson(res, 502, { ok: false, error: { code: 'FUNCTION_FAILED', message: (err as Error).message } });
    }
  });

  // A function update in progress (functions/rollout.ts): `POST /dev/rollout/<fn>` with
  // `{release, routing}` serves <fn> from the release snapshot test/fixtures/releases/<release>
  // beside the current bundle; `POST /dev/rollout/<fn>/end` ends it. Signed tool requests only
  // (devFetch): it runs a bundle built from files on disk, so a staff session is not enough.
  addRoute('POST', '/dev/rollout/', async (req, res, url) => {
    let body: Record<string, unknown>;
    try {
      body = ((await readJson(req, 16 * 1024)) ?? {}) as Record<string, unknown>;
    } catch (err) {
      return sendJson(res, (err as BadRequestError).status ?? 400, { error: { code: 'BAD_REQUEST', message: (err as Error).message } });
    }
    if (req.headers.authorization === undefined) return refuse(res, 401, 'UNAUTHENTICATED', 'sign this request with the run\'s credentials (devFetch)');
    if (!operatorAllowed(deps, req, res, body)) return;
    const [fn, end] = url.pathname.slice('/dev/rollout/'.length).split('/');
    try {
      if (end === 'end') {
        await deps.runtime.endRollout(fn);
        return sendJson(res, 200, { ok: true, rollouts: deps.runtime.rollouts() });
      }
      if (typeof body.release !== 'string' || !/^[\w.-]+$/.test(body.release)) throw new BadRequestError('body must be {release: <name under test/fixtures/releases>, routing}');
      const status = await deps.runtime.startRollout(fn, { release: body.release, routing: body.routing as never });
      sendJson(res, 200, { ok: true, rollout: status });
    } catch (err) {
      sendJson(res, (err as BadRequestError).status ?? 400, { ok: false, error: { code: (err as Error).name, message: (err as Error).message } });
    }
  });

  // Emulates 拒收 from the service-notice card (WeChat pushes subscribe_msg_change_event).
  addRoute('POST', '/dev/subscribe/reject-later', async (req, res) => {
    let body: { openid?: unknown; templateIds?: unknown };
    try {
      body = ((await readJson(req, 16 * 1024)) ?? {}) as typeof body;
    } catch (err) {
      return sendJson(res, (err as BadRequestError).status ?? 400, {
        error: { code: 'BAD_REQUEST', message: (err as Error).message },
      });
    }
    // An operator tool like the outbox and triggers: it changes a customer's grants on WeChat's side.
    if (!operatorAllowed(deps, req, res, body as Record<string, unknown>)) return;
    const { openid, templateIds } = body;
    if (
      typeof openid !== 'string' ||
      !OPENID_PATTERN.test(openid) ||
      !Array.isArray(templateIds) ||
      !templateIds.every((t) => typeof t === 'string')
    ) {
      return sendJson(res, 400, {
        error: { code: 'BAD_REQUEST', message: 'body must be {openid, templateIds: string[]}' },
      });
    }
    const rejected = await deps.subscribe.rejectLater(openid, templateIds as string[]);
    sendJson(res, 200, { ok: true, rejected });
  });

  // Emulates WeChat banning the app's subscribe-message ability (43107), or some templates, and lifting it.
  addRoute('POST', '/dev/subscribe/ban', async (req, res) => {
    let body: { on?: unknown; templateIds?: unknown };
    try {
      body = ((await readJson(req, 16 * 1024)) ?? {}) as typeof body;
    } catch (err) {
      return sendJson(res, (err as BadRequestError).status ?? 400, { error: { code: 'BAD_REQUEST', message: (err as Error).message } });
    }
    if (!operatorAllowed(deps, req, res, body as Record<string, unknown>)) return;
    const { on, templateIds } = body;
    const listOk = templateIds === undefined || (Array.isArray(templateIds) && templateIds.length > 0 && templateIds.every((t) => typeof t === 'string'));
    if (typeof on !== 'boolean' || !listOk)
      return sendJson(res, 400, { error: { code: 'BAD_REQUEST', message: 'body must be {on: boolean, templateIds?: string[]} (no templateIds: the whole app)' } });
    if (!on) await deps.subscribe.liftBan();
    else await deps.subscribe.banSubscribe(templateIds ? { templates: templateIds as string[] } : 'app');
    sendJson(res, 200, { ok: true, banned: on });
  });

  addRoute('GET', '/dev', (_req, res, url) => {
    if (url.pathname === '/dev' || url.pathname === '/dev/') {
      res.writeHead(302, { location: '/dev/login' }).end();
    } else sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no dev page at ${url.pathname}` } });
  });
}
