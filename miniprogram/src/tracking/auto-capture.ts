/**
 * Automatic events from lifecycle signals: app_launch / app_show / app_hide, page_view (with the
 * previous page as referrer), page_leave (with time on page) and share. Signals are idempotent:
 * platforms report the same moment twice (in weapp an app hide also hides the page; in h5 a
 * route change is both a leave and a view), and each transition is recorded once.
 */
import type { ClockPort, LifecyclePort } from './ports';
import type { Tracker } from './tracker';

/** The part of the tracker auto-capture needs. */
export type CaptureSink = Pick<Tracker, 'trackUnchecked' | 'setPage' | 'appHidden' | 'appShown'>;

/** State of the page on screen. */
interface PageState {
  path: string;
  since: number;
}

/** Turns the platform's lifecycle signals into automatic events, each transition once (see the file header). */
export class AutoCapture {
  private current: PageState | null = null;
  private last: string | undefined;
  /** null until the first show signal. */
  private appVisible: boolean | null = null;
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly sink: CaptureSink,
    private readonly clock: ClockPort,
  ) {}

  /** Subscribes to the lifecycle port. Returns a function that unsubscribes everything. */
  attach(lifecycle: LifecyclePort): () => void {
    this.offs.push(
      lifecycle.onAppShow((info) => this.appShow(info.scene)),
      lifecycle.onAppHide(() => this.appHide()),
      lifecycle.onPageShow((p) => this.pageShow(p)),
      lifecycle.onPageHide((p) => this.pageHide(p)),
      lifecycle.onShare((s) => this.sink.trackUnchecked('share', { path: clip(s.path), channel: s.channel })),
    );
    return () => this.offs.splice(0).forEach((off) => off());
  }

  /** The app started (once per process). */
  launch(info: { scene?: number; path?: string }): void {
    this.sink.trackUnchecked('app_launch', dropUndefined({ scene: info.scene, path: info.path ? clip(info.path) : undefined }));
  }

  appShow(scene?: number): void {
    if (this.appVisible === true) return;
    this.appVisible = true;
    this.sink.appShown();
    this.sink.trackUnchecked('app_show', dropUndefined({ scene }));
    if (!this.current && this.last) this.pageShow(this.last);
  }

  appHide(): void {
    if (this.appVisible !== true) return;
    if (this.current) this.pageHide(this.current.path);
    this.appVisible = false;
    this.sink.trackUnchecked('app_hide', {});
    this.sink.appHidden();
  }

  pageShow(rawPath: string): void {
    const path = clip(normalise(rawPath));
    if (this.current?.path === path) return;
    if (this.current) this.pageHide(this.current.path);
    const referrer = this.last && this.last !== path ? this.last : undefined;
    this.current = { path, since: this.clock.now() };
    this.sink.setPage(path);
    this.sink.trackUnchecked('page_view', dropUndefined({ path, referrer }));
  }

  pageHide(rawPath: string): void {
    const path = clip(normalise(rawPath));
    if (!this.current || this.current.path !== path) return;
    const durationMs = Math.min(864e5, Math.max(0, Math.round(this.clock.now() - this.current.since)));
    this.sink.trackUnchecked('page_leave', { path, durationMs });
    this.last = path;
    this.current = null;
  }
}

/** `/pages/x/index?id=1` and `pages/x/index` are the same page: drop the query, add the slash. */
function normalise(path: string): string {
  const p = path.split('?')[0] ?? '';
  return p.startsWith('/') ? p : '/' + p;
}

function clip(s: string): string {
  return s.length > 256 ? s.slice(0, 256) : s;
}

function dropUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Partial<T>;
}
