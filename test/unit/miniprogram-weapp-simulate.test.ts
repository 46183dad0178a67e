/**
 * @jest-environment jsdom
 *
 * The REAL weapp output (`miniprogram/dist/weapp`, built by Taro) under miniprogram-simulate:
 * the app and the 商品详情 page run on Taro's runtime from our own bundles with stand-ins for
 * the WeChat globals (wx, App, Page); the page's data is then rendered through the build's
 * templates (page wxml → base.wxml → Taro's `comp` custom component) and checked as a DOM.
 */
import { ensureWeappBuild } from '../e2e/helpers/h5-build';
import { installWeappStandIns, mountPage, pageAsComponent, type CapturedPage } from './weapp-stand-ins';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate') as {
  load(p: string, opts?: Record<string, unknown>): string;
  render(id: string, props?: Record<string, unknown>): { attach(el: Element): void; dom: HTMLElement; querySelector(s: string): { dom: HTMLElement } | null };
};

const PRODUCT = { _id: 'tea_green', name: '有机高山绿茶 250g', categoryId: 'tea', categoryName: '茶叶', priceFen: 5800, stock: 50 };

describe('weapp output under miniprogram-simulate', () => {
  let dist: string;
  let page: CapturedPage;
  let env: ReturnType<typeof installWeappStandIns>;
  const calls: { name: string; data: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    dist = ensureWeappBuild();
    env = installWeappStandIns({
      callFunction: async (name, data) => {
        calls.push({ name, data });
        if (name === 'shop' && data.action === 'getProduct') return { ok: true, data: PRODUCT };
        if (name === 'shop' && data.action === 'listTemplates') return { ok: true, data: { templates: [{ use: 'price_drop', templateId: 'tpl_price_drop', title: '降价提醒', description: '商品降价时通知你一次' }] } };
        return { ok: false, error: { code: 'NOT_FOUND', message: 'no fixture' } };
      },
    });
    env.loadApp(dist);
    const answered = (action: string): boolean => calls.some((c) => c.data.action === action);
    page = await mountPage(dist, 'pages/product/index', { id: 'tea_green' }, (p) =>
      answered('getProduct') && answered('listTemplates') && JSON.stringify(p.data).includes('降价提醒') && JSON.stringify(p.data).includes('有机高山绿茶'));
  }, 120_000);

  it('runs the product page on Taro\'s runtime and calls the shop function', () => {
    expect(calls.map((c) => c.data.action)).toEqual(expect.arrayContaining(['getProduct', 'listTemplates']));
    expect(JSON.stringify(page.data.root)).toContain('有机高山绿茶');
  });

  it('renders the page data through the built templates and the comp component', () => {
    const wrapper = pageAsComponent(dist, 'pages/product/index');
    let comp: ReturnType<typeof simulate.render>;
    try {
      const id = simulate.load(wrapper.componentPath, { compiler: 'official', rootPath: dist });
      comp = simulate.render(id, { root: page.data.root });
    } finally {
      wrapper.dispose();
    }
    const parent = document.createElement('parent-wrapper');
    comp.attach(parent);
    const text = comp.dom.textContent ?? '';
    expect(text).toContain('¥58.00');
    expect(text).toContain('有机高山绿茶 250g');
    expect(text).toContain('降价提醒');
    expect(text).toContain('加入购物车');
    // classes come through (miniprogram-simulate prefixes them with the component scope)
    expect(comp.dom.innerHTML).toMatch(/class="[^"]*price-big/);
    // first launch: the consent sheet is on screen and nothing was captured before 同意
    expect(text).toContain('个人信息保护提示');
    expect([...env.storage.keys()].filter((k) => k.startsWith('qx.q.'))).toEqual([]);
  });

  it('the auto-capture Page wrapper keeps Taro\'s event proxy and the page\'s own share content', () => {
    const cfg = page as unknown as Record<string, (...a: unknown[]) => unknown>;
    expect(typeof cfg.eh).toBe('function');
    const share = cfg.onShareAppMessage?.call(page, { from: 'menu' }) as { title?: string; path?: string };
    expect(share).toMatchObject({ title: '有机高山绿茶 250g', path: '/pages/product/index?id=tea_green' });
    expect(typeof cfg.onShareTimeline).toBe('undefined'); // not added where the page had none
  });

  it('after consent, page hooks and shares of the real bundle are auto-captured', () => {
    const tracker = (globalThis as unknown as { __qxTracker: { grantConsent(v: string): void; pending(): { name: string; props: Record<string, unknown> }[] } }).__qxTracker;
    tracker.grantConsent('1');
    const cfg = page as unknown as Record<string, (...a: unknown[]) => unknown>;
    cfg.onHide?.call(page);
    cfg.onShow?.call(page);
    cfg.onShareAppMessage?.call(page, { from: 'menu' });
    const got = tracker.pending().map((e) => [e.name, e.props.path]);
    expect(got).toEqual([
      ['page_leave', '/pages/product/index'],
      ['page_view', '/pages/product/index'],
      ['share', '/pages/product/index?id=tea_green'],
    ]);
  });
});
