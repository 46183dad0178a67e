/**
 * The mini-program pages a notice may open. WeChat refuses a send whose page is not in the
 * released mini program (subscribeMessage.send: 41030 "page 路径不正确，需要保证在现网版本小程序中
 * 存在，与 app.json 保持一致"), so a campaign aimed at any other path would fail for every customer;
 * saving one is refused instead (validate-campaign.ts). These are the main package's pages of
 * `miniprogram/src/app.config.ts` (the admin subpackage is for staff, not customers);
 * `scripts/local-cloud/openapi/app-pages.test.ts` checks each is a page of that config.
 */

/** Page paths (no leading `/`, no query) a notice may open, with what staff call them. */
export const NOTICE_PAGES: Readonly<Record<string, string>> = {
  'pages/index/index': '首页',
  'pages/product/index': '商品详情',
  'pages/cart/index': '购物车',
  'pages/review/index': '评价',
  'pages/me/index': '我的',
};

/** Staff's message when `page` (query allowed) is not one a notice may open, else null. */
export function noticePageProblem(page: string): string | null {
  const path = page.split('?')[0];
  if (Object.hasOwn(NOTICE_PAGES, path)) return null;
  const known = Object.entries(NOTICE_PAGES)
    .map(([p, name]) => `${name} ${p}`)
    .join('、');
  return `小程序中没有页面 ${path}，微信会拒绝发送；可用的页面：${known}`;
}
