/**
 * WeChat's message push as the local cloud does it: the subscribe-message events WeChat sends to
 * the mini program's message push, in the documented JSON form (`List` an OBJECT for one item,
 * an ARRAY for several; CreateTime in seconds), delivered to the receiver function through the
 * function runtime with the platform's SOURCE `wx_msgpush` and OPENID = FromUserName — never
 * through a client path, so nothing a browser sends can forge one.
 *
 * Routing is the console's 消息推送 setting: by default `wxpush` when such a function exists
 * (`receiver: null` turns pushes off, as an environment without the setting). Like WeChat, a push
 * not answered `success` is retried (3 attempts in all), then dropped with a log line. WeChat's
 * message push waits 5 s for the answer and then pushes again (服务器配置: "五秒内收不到响应会断掉
 * 连接，并且重新发起请求，总共重试三次"): the retry does not wait for the first call to end, so a
 * slow receiver sees the same push while it is still applying it — it must be idempotent under
 * concurrency, not only under repetition.
 */
import type { FunctionRuntime } from '../functions/runtime';

/** The SOURCE local message pushes carry (getWXContext().SOURCE); functions can pin it. */
export const MSG_PUSH_SOURCE = 'wx_msgpush';

/** One item of a popup/change event. */
export interface SubscribeItem {
  TemplateId: string;
  SubscribeStatusString: 'accept' | 'reject';
  PopupScene?: string;
}

/** One item of a sent event. */
export interface SentItem {
  TemplateId: string;
  MsgID: string;
  ErrorCode: string;
  ErrorStatus: string;
}

/** A push as WeChat sends it in JSON mode. */
export interface WxPushEvent {
  ToUserName: string;
  FromUserName: string;
  CreateTime: number;
  MsgType: 'event';
  Event: 'subscribe_msg_popup_event' | 'subscribe_msg_change_event' | 'subscribe_msg_sent_event';
  List: SubscribeItem | SubscribeItem[] | SentItem | SentItem[];
}

/** Options of {@link MessagePush}. */
export interface MessagePushOptions {
  runtime: FunctionRuntime;
  /** Receiver function (default `wxpush`; null = no message push configured). */
  receiver?: string | null;
  /** The mini program's original id (ToUserName). */
  appUserName?: string;
  retries?: number;
  /** How long a push waits for the receiver's answer before pushing again (default 5 s). */
  answerWithinMs?: number;
  log?: (line: string) => void;
}

const NO_ANSWER = Symbol('no answer');

/** Background receipts wait for this long a pause in sends (WeChat's arrive seconds later). */
export const RECEIPT_QUIET_MS = 1500;

/** How one push ended. */
export type PushOutcome = 'success' | 'failed' | 'no_receiver';

/** WeChat's JSON quirk: one item is an object, several are an array. */
export const listOf = <T>(items: T[]): T | T[] => (items.length === 1 ? items[0] : items);

/** The local cloud's message push. */
export class MessagePush {
  private readonly queue: WxPushEvent[] = [];
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly lastTime = new Map<string, number>();
  private readonly receiver: string | null;
  readonly appUserName: string;
  /** Every push made (tests, dev status): event, outcome. */
  readonly history: Array<{ event: WxPushEvent; outcome: PushOutcome }> = [];

  constructor(private readonly o: MessagePushOptions) {
    this.receiver = o.receiver === undefined ? 'wxpush' : o.receiver;
    this.appUserName = o.appUserName ?? 'gh_qx0000local';
  }

  /**
   * CreateTime in seconds, strictly increasing per user: WeChat's idempotency key includes it,
   * and two answers of one user within one second (tests do that) must stay two pushes.
   */
  private createTime(openid: string): number {
    const t = Math.max(Math.floor(Date.now() / 1000), (this.lastTime.get(openid) ?? 0) + 1);
    this.lastTime.set(openid, t);
    return t;
  }

  /** Builds a push in WeChat's documented JSON form. */
  event(openid: string, name: WxPushEvent['Event'], items: SubscribeItem[] | SentItem[]): WxPushEvent {
    return {
      ToUserName: this.appUserName,
      FromUserName: openid,
      CreateTime: this.createTime(openid),
      MsgType: 'event',
      Event: name,
      List: listOf<SubscribeItem | SentItem>(items) as WxPushEvent['List'],
    };
  }

  /** Delivers a push now (awaits the receiver), retrying like WeChat. */
  async deliver(event: WxPushEvent): Promise<PushOutcome> {
    const fn = this.receiver;
    if (!fn || !this.o.runtime.functions().some((d) => d.name === fn)) {
      this.history.push({ event, outcome: 'no_receiver' });
      return 'no_receiver';
    }
    const attempts = this.o.retries ?? 3;
    const within = this.o.answerWithinMs ?? 5_000;
    let last = '';
    for (let i = 1; i <= attempts; i++) {
      try {
        // The call goes on after the wait ends (WeChat drops the connection, not the function).
        const call = this.o.runtime.invokeFunction(fn, event, { openid: event.FromUserName, source: MSG_PUSH_SOURCE });
        call.catch(() => undefined);
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<typeof NO_ANSWER>((resolve) => {
          timer = setTimeout(() => resolve(NO_ANSWER), within);
          timer.unref?.();
        });
        const out = await Promise.race([call, late]).finally(() => clearTimeout(timer));
        if (out === NO_ANSWER) {
          last = `no answer within ${within} ms`;
          continue;
        }
        if (out === 'success' || out === '') {
          this.history.push({ event, outcome: 'success' });
          return 'success';
        }
        last = JSON.stringify(out).slice(0, 300);
      } catch (err) {
        last = (err as Error).message;
      }
    }
    this.o.log?.(`[message-push] ${event.Event} for ${event.FromUserName} not accepted by ${fn} after ${attempts} attempts: ${last}`);
    this.history.push({ event, outcome: 'failed' });
    return 'failed';
  }

  /**
   * Delivers in the background, as WeChat does after a send: receipts start once sends have
   * paused for {@link RECEIPT_QUIET_MS} (or the queue is long), then go one at a time, so a
   * campaign's receipts do not crowd the function pool and CPU the dispatcher itself needs.
   * {@link drain} delivers everything queued now and waits.
   */
  enqueue(event: WxPushEvent): void {
    this.queue.push(event);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length >= 500) this.start();
    else if (!this.running) {
      this.timer = setTimeout(() => this.start(), RECEIPT_QUIET_MS);
      this.timer.unref();
    }
  }

  private start(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running || !this.queue.length) return;
    this.running = (async () => {
      for (let e = this.queue.shift(); e; e = this.queue.shift()) await this.deliver(e);
    })().finally(() => {
      this.running = null;
    });
  }

  /** Waits until every background push is delivered (or given up). */
  async drain(): Promise<void> {
    for (;;) {
      this.start();
      if (!this.running) return;
      await this.running;
    }
  }
}
