import { loadAppPages, pageProblem, subscribePageRule } from './app-pages';
import { NOTICE_PAGES } from '../../../cloudfunctions/common/campaign/notice-pages';

describe('the pages of the mini program (what 41030 is checked against)', () => {
  const pages = loadAppPages();

  it('reads the main package and the subpackages from app.config.ts', () => {
    expect(pages).toContain('pages/index/index');
    expect(pages).toContain('pages/product/index');
    expect(pages).toContain('admin/overview/index');
    expect(pages.every((p) => !p.startsWith('/'))).toBe(true);
  });

  it("holds every page the product lets a notice open (campaign validation's list)", () => {
    for (const p of Object.keys(NOTICE_PAGES)) expect(pages).toContain(p);
  });

  it('refuses a path that is not a page, with or without a query; a page with one passes', () => {
    const set = new Set(pages);
    expect(pageProblem('pages/product/index?id=p1&campaignId=c1', set)).toBeNull();
    expect(pageProblem('pages/products/index?id=p1', set)).toMatch(/not a page/);
    expect(pageProblem('/pages/index/index', set)).toMatch(/not a page/);
  });

  it("checks by default and takes 'any' when asked", () => {
    expect(subscribePageRule()).toBe('app');
    expect(subscribePageRule('any')).toBe('any');
  });
});
