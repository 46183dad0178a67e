import { AutoCapture } from './auto-capture';
import type { LifecyclePort } from './ports';
import { FakeClock } from './test-fakes';

function harness() {
  const clock = new FakeClock(0);
  const events: [string, unknown][] = [];
  const sink = {
    trackUnchecked: (n: string, p: unknown) => (events.push([n, p]), true),
    setPage: () => undefined,
    appHidden: () => events.push(['<flush>', null]),
    appShown: () => undefined,
  };
  const handlers: Record<string, (x: never) => void> = {};
  const on = (k: string) => (cb: (x: never) => void) => ((handlers[k] = cb), () => delete handlers[k]);
  const lifecycle = { onAppShow: on('appShow'), onAppHide: on('appHide'), onPageShow: on('pageShow'), onPageHide: on('pageHide'), onShare: on('share') } as unknown as LifecyclePort;
  const ac = new AutoCapture(sink, clock);
  const off = ac.attach(lifecycle);
  const fire = (k: string, x?: unknown) => handlers[k]?.(x as never);
  return { clock, events, fire, off, handlers };
}

describe('AutoCapture', () => {
  it('records view/leave with referrer and duration, once per transition even when signals repeat', () => {
    const { clock, events, fire } = harness();
    fire('appShow', { scene: 1001 });
    fire('pageShow', '/pages/index/index');
    fire('pageShow', 'pages/index/index?x=1');
    clock.t = 1500;
    fire('pageShow', '/pages/product/index?id=p1'); // h5 route change: implies leaving the first page
    clock.t = 4000;
    fire('pageHide', '/pages/product/index'); // weapp: page hide…
    fire('appHide'); // …then app hide
    fire('appHide');
    expect(events).toEqual([
      ['app_show', { scene: 1001 }],
      ['page_view', { path: '/pages/index/index' }],
      ['page_leave', { path: '/pages/index/index', durationMs: 1500 }],
      ['page_view', { path: '/pages/product/index', referrer: '/pages/index/index' }],
      ['page_leave', { path: '/pages/product/index', durationMs: 2500 }],
      ['app_hide', {}],
      ['<flush>', null],
    ]);
  });

  it('coming back shows the last page again; shares are recorded as given', () => {
    const { events, fire, off, handlers } = harness();
    fire('appShow', {});
    fire('pageShow', '/pages/me/index');
    fire('appHide');
    events.length = 0;
    fire('appShow', { scene: 1007 });
    fire('pageShow', '/pages/me/index');
    fire('share', { path: '/pages/product/index?id=p1', channel: 'friend' });
    expect(events.map((e) => e[0])).toEqual(['app_show', 'page_view', 'share']);
    expect(events[2]?.[1]).toEqual({ path: '/pages/product/index?id=p1', channel: 'friend' });
    off();
    expect(Object.keys(handlers)).toEqual([]);
  });
});
