/**
 * Asking for one-time subscribe-message grants. weapp: `Taro.requestSubscribeMessage` (must run
 * inside the tap handler; WeChat shows its own dialog). h5: there is no such dialog in a browser,
 * so the app's stand-in dialog (components/subscribe-dialog) asks, and the answers are registered
 * with the local cloud at `POST /gateway/subscribe`, which keeps WeChat's side and pushes WeChat's
 * popup event to the `wxpush` function. Either way the answers this module returns are for the
 * UI and analytics only: the app's grants ledger is fed by WeChat's push, never by the client.
 */
import Taro from '@tarojs/taro';
import { IS_H5 } from './env';

/** WeChat's per-template answers. */
export type SubscribeAnswer = 'accept' | 'reject' | 'ban' | 'filter';

/** A template as the shop describes it to the customer. */
export interface SubscribeTemplate {
  templateId: string;
  title: string;
}

/** WeChat allows at most 3 templates per request. */
export const MAX_TEMPLATES_PER_REQUEST = 3;

/** Raised when the request itself fails (not when the customer says no). */
export class SubscribeError extends Error {
  override name = 'SubscribeError';
}

/** Event name the h5 stand-in dialog listens on. */
export const H5_SUBSCRIBE_EVENT = 'qx:subscribe-ask';

/** Payload of {@link H5_SUBSCRIBE_EVENT}: the dialog calls `answer` once. */
export interface H5SubscribeAsk {
  templates: SubscribeTemplate[];
  answer: (results: Record<string, SubscribeAnswer> | null) => void;
}

async function askH5(templates: SubscribeTemplate[]): Promise<Record<string, SubscribeAnswer>> {
  const results = await new Promise<Record<string, SubscribeAnswer> | null>((resolve) => {
    let done = false;
    const answer = (r: Record<string, SubscribeAnswer> | null) => {
      if (!done) resolve(r);
      done = true;
    };
    Taro.eventCenter.trigger(H5_SUBSCRIBE_EVENT, { templates, answer } satisfies H5SubscribeAsk);
  });
  if (!results) throw new SubscribeError('订阅窗口未打开');
  const templateIds = templates.map((t) => t.templateId);
  const res = await fetch('/gateway/subscribe', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ templateIds, results }),
  }).catch((e: Error) => {
    throw new SubscribeError(`网络错误：${e.message}`);
  });
  // The gateway answers like wx.requestSubscribeMessage: `{errMsg: '…:ok', [id]: answer}` or `{errCode, errMsg}`.
  const body = (await res.json().catch(() => null)) as { errMsg?: string; error?: { message?: string } } | null;
  if (!res.ok) throw new SubscribeError(body?.error?.message ?? body?.errMsg ?? `订阅登记失败（${res.status}）`);
  return results;
}

async function askWeapp(templates: SubscribeTemplate[]): Promise<Record<string, SubscribeAnswer>> {
  const tmplIds = templates.map((t) => t.templateId);
  try {
    const res = (await Taro.requestSubscribeMessage({ tmplIds, entityIds: [] } as never)) as unknown as Record<string, unknown>;
    const out: Record<string, SubscribeAnswer> = {};
    for (const id of tmplIds) {
      const v = res[id];
      out[id] = v === 'accept' || v === 'reject' || v === 'ban' || v === 'filter' ? v : 'reject';
    }
    return out;
  } catch (err) {
    throw new SubscribeError((err as { errMsg?: string })?.errMsg ?? String(err));
  }
}

/** Asks for grants of up to 3 templates; resolves with the answer per template id. */
export function requestSubscribe(templates: SubscribeTemplate[]): Promise<Record<string, SubscribeAnswer>> {
  if (templates.length === 0 || templates.length > MAX_TEMPLATES_PER_REQUEST) {
    return Promise.reject(new SubscribeError(`一次最多订阅 ${MAX_TEMPLATES_PER_REQUEST} 个模板`));
  }
  return IS_H5 ? askH5(templates) : askWeapp(templates);
}
