/** HTML of the dev pages (Simplified Chinese UI): sign-in and outbox. */
import { esc } from '../gateway/http-util';
import type { WxOutboxEntry } from '../openapi/wx-state';
import type { Identity } from './known-identities';

const STYLE = `body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;max-width:760px;margin:24px auto;padding:0 16px;color:#222}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}ul{list-style:none;padding:0}li{margin:6px 0}
button{padding:6px 14px;border:1px solid #07c160;background:#07c160;color:#fff;border-radius:4px;cursor:pointer}
button.plain{background:#fff;color:#07c160}input[type=text]{padding:6px;width:260px}
.note{color:#888;font-size:13px;margin-left:8px}.who{padding:10px;background:#f3f8f5;border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:13px}td,th{border-bottom:1px solid #eee;padding:6px;text-align:left;vertical-align:top}
.err{color:#c0392b}.ok{color:#07c160}pre{white-space:pre-wrap;margin:0}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function identityList(list: Identity[], next: string): string {
  if (list.length === 0) return '<p class="note">（暂无）</p>';
  return `<ul>${list
    .map(
      (i) => `<li><form method="post" action="/dev/login" style="display:inline"><input type="hidden" name="openid" value="${esc(i.openid)}"><input type="hidden" name="next" value="${esc(next)}"><button type="submit" class="plain">${esc(i.label ?? i.openid)}</button></form><span class="note">${esc(i.label ? i.openid : '')} ${esc(i.note ?? '')}</span></li>`,
    )
    .join('')}</ul>`;
}

/** The sign-in page. */
export function loginPage(o: { current: string | null; staff: Identity[]; customers: Identity[]; error?: string; next: string }): string {
  const who = o.current
    ? `<p class="who">当前身份：<b>${esc(o.current)}</b> <form method="post" action="/dev/logout" style="display:inline"><button type="submit" class="plain">退出登录</button></form> <a href="/">进入小程序（h5）</a></p>`
    : '<p class="who">尚未登录。请选择一个身份，网关会以该身份调用云函数（身份只来自登录，不来自请求内容）。</p>';
  return page(
    '开发登录 · 群像',
    `<h1>群像 · 开发登录</h1>${who}${o.error ? `<p class="err">${esc(o.error)}</p>` : ''}
<h2>商家员工</h2>${identityList(o.staff, '/#/admin/overview/index')}
<h2>顾客</h2>${identityList(o.customers, o.next)}
<h2>其他 openid</h2><form method="post" action="/dev/login"><input type="text" name="openid" placeholder="输入任意 openid，如 o_new_user_1" maxlength="64" required> <input type="hidden" name="next" value="${esc(o.next)}"><button type="submit">以此身份登录</button></form>
<p class="note">新的 openid 会成为本应用的已知用户。<a href="/dev/outbox">查看订阅消息发件箱</a></p>`,
  );
}

/**
 * A delivered notice as its recipient taps it: signs in as her and opens the notice's page (what
 * WeChat opens), so a campaign's 打开 and 发送组转化 can be walked from here. Empty without a page.
 */
function tapAsRecipient(e: WxOutboxEntry): string {
  if (e.errcode !== 0 || !e.touser || !e.page) return '';
  const next = `/#/${e.page.replace(/^\/+/, '')}`;
  return `<form method="post" action="/dev/login" class="tap"><input type="hidden" name="openid" value="${esc(e.touser)}"><input type="hidden" name="next" value="${esc(next)}"><button type="submit" class="plain">以此客户点开</button></form>`;
}

/** The outbox page. */
export function outboxPage(entries: WxOutboxEntry[]): string {
  const rows = entries
    .map(
      (e) => `<tr><td>${esc(e.at.replace('T', ' ').slice(0, 19))}</td><td>${esc(e.touser ?? '')}</td><td>${esc(e.templateId ?? '')}</td><td><pre>${esc(e.rendered ?? JSON.stringify(e.data))}</pre>${tapAsRecipient(e)}</td><td class="${e.errcode === 0 ? 'ok' : 'err'}">${e.errcode === 0 ? '已送达' : `${e.errcode} ${esc(e.errmsg)}`}</td><td>${esc(e.fromFunction ?? '')}</td></tr>`,
    )
    .join('');
  return page(
    '订阅消息发件箱 · 群像',
    `<h1>订阅消息发件箱</h1><p class="note">每一次 subscribeMessage.send（成功或失败）都记录在这里，最新的在前；「以此客户点开」以收件人身份打开通知的页面，如同她在微信里点开。JSON：<a href="/dev/outbox.json">/dev/outbox.json</a> · <a href="/dev/login">开发登录</a></p>
<table><thead><tr><th>时间</th><th>接收者</th><th>模板</th><th>内容</th><th>结果</th><th>来源函数</th></tr></thead><tbody>${rows || '<tr><td colspan="6" class="note">暂无发送记录</td></tr>'}</tbody></table>`,
  );
}
