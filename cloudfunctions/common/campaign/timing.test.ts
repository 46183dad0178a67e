import { describeDispatch, explainTiming, type TimedCampaign } from './timing';

const bj = (d: number, h: number, m: number): number => Date.UTC(2026, 11, d, h - 8, m);
const base: TimedCampaign = {
  status: 'scheduled',
  schedule: { kind: 'now' },
  nextRunAt: null,
  quietHours: { start: '22:00', end: '08:00' },
};

describe('campaign timing', () => {
  it('says why a campaign saved at 01:58 waits until 08:00 (the merchant report)', () => {
    const now = bj(5, 1, 58);
    const t = explainTiming({ ...base, nextRunAt: now }, now);
    expect(t.state).toBe('deferred');
    expect(t.at).toBe(bj(5, 8, 0));
    expect(t.text).toContain('12-05 08:00');
    expect(t.text).toContain('免打扰时段 22:00–08:00');
  });

  it('after the dispatcher deferred it, still says why', () => {
    const now = bj(5, 2, 5);
    const t = explainTiming({ ...base, nextRunAt: bj(5, 8, 0), deferredReason: 'quiet_hours' }, now);
    expect(t.state).toBe('deferred');
    expect(t.text).toContain('免打扰');
  });

  it("at WeChat's daily quota (45009) says the send goes on tomorrow, on the card and after 立即发送", () => {
    const now = bj(5, 15, 0);
    const t = explainTiming({ ...base, status: 'running', nextRunAt: bj(6, 0, 0), deferredReason: 'daily_quota' }, now);
    expect(t).toMatchObject({ state: 'deferred', at: bj(6, 0, 0) });
    expect(t.text).toBe('微信今日发送次数已达上限，将于 12-06 00:00 自动继续');
    const run = { ok: true, data: { status: 'partial', deferred: [{ campaignId: 'c1', until: bj(6, 0, 0), reason: 'daily_quota' }] } };
    expect(describeDispatch('c1', run, t)).toBe('微信今日发送次数已达上限，未发送的客户将于 12-06 00:00 自动继续发送');
  });

  it('paused by the dispatcher for a page WeChat refused (41030) says what staff must do, on the card and after 立即发送', () => {
    const now = bj(5, 15, 0);
    const t = explainTiming({ ...base, status: 'paused', pausedReason: 'page_invalid' }, now);
    expect(t).toEqual({ state: 'paused', at: null, text: '已暂停：通知跳转页面无效，请修改活动后再发送（未发送的客户会在重新发送后收到）' });
    const run = { ok: true, data: { status: 'done', deferred: [], paused: [{ campaignId: 'c1', reason: 'page_invalid' }], passes: [{ campaignId: 'c1', finished: false, counts: { page_invalid: 1 } }] } };
    expect(describeDispatch('c1', run, t)).toBe('已暂停：通知跳转页面无效，请修改活动后再发送');
    // another campaign's pause is not this one's
    expect(describeDispatch('c2', run, explainTiming({ ...base, nextRunAt: now }, now))).not.toContain('暂停');
    // a template WeChat refused (40037) says so, on the card and after 立即发送
    const tpl = explainTiming({ ...base, status: 'paused', pausedReason: 'template_invalid' }, now);
    expect(tpl.text).toBe('已暂停：订阅消息模板已失效（可能已在微信公众平台删除），请检查模板后修改活动再发送（未发送的客户会在重新发送后收到）');
    const tplRun = { ok: true, data: { status: 'done', deferred: [], paused: [{ campaignId: 'c1', reason: 'template_invalid' }], passes: [] } };
    expect(describeDispatch('c1', tplRun, tpl)).toBe('已暂停：订阅消息模板已失效（可能已在微信公众平台删除），请检查模板后修改活动再发送');
    // paused with no reason recorded keeps the plain words
    expect(explainTiming({ ...base, status: 'paused', pausedReason: null }, now).text).toBe('已暂停：不会发送，直到重新安排');
    // paused by staff (暂停发送): how to resume and what resuming does
    expect(explainTiming({ ...base, status: 'paused', pausedReason: null, pausedBy: 'staff_1' }, now).text).toBe('已由员工暂停：不会发送；点「继续发送」后，只发给还没收到的客户，每人一次');
    // a staff pause an older dispatcher wrote over (scheduled, pausedBy left): run-dispatch.ts
    // pauses it again at its fire and sends nothing, so no send time is promised, banned or not
    const over = { ...base, status: 'scheduled' as const, nextRunAt: bj(6, 9, 0), pausedBy: 'staff_1' };
    for (const t of [explainTiming(over, now), explainTiming(over, now, bj(6, 8, 0))]) {
      expect(t).toEqual({ state: 'paused', at: null, text: '已由员工暂停：不会发送，到发送时间会再次转为暂停；点「立即发送」后，只发给还没收到的客户，每人一次' });
    }
  });

  it('while WeChat bans subscribe messages (43107) says sending is suspended and resumes by itself, on the card and after 立即发送', () => {
    const now = bj(5, 15, 0);
    const t = explainTiming({ ...base, status: 'running', nextRunAt: bj(5, 14, 0), deferredReason: 'subscribe_banned' }, now);
    // WeChat's 43107 means the app's messages or only this template: the card claims neither
    // (the banner says which the evidence shows), and tries back off, not every minute.
    expect(t).toEqual({ state: 'deferred', at: null, text: '微信拒绝发送本活动的通知（错误码 43107：订阅消息被封禁），发送已暂停；解封后自动继续（试发间隔逐次加长，最长 1 小时），未发送的客户不会遗漏；可点「暂停发送」停下本活动' });
    expect(t.text).not.toContain('本小程序的订阅消息能力');
    const run = { ok: true, data: { status: 'partial', deferred: [], paused: [], banned: { campaignId: 'c1', templateId: 'tpl' }, passes: [{ campaignId: 'c1', finished: false, counts: { sent: 3, banned: 1 } }] } };
    expect(describeDispatch('c1', run, t)).toBe(`已发送 3 条；${t.text}`);
    // with the template's next try known (the back-off), the card says when
    expect(explainTiming({ ...base, status: 'running', nextRunAt: bj(5, 14, 0), deferredReason: 'subscribe_banned' }, now, bj(5, 18, 0))).toEqual({
      state: 'deferred',
      at: bj(5, 18, 0),
      text: `${t.text}；下次试发：12-05 18:00（北京时间）`,
    });
    // a campaign due but not yet started whose template is refused waits for the try, not the tick
    const waiting = explainTiming({ ...base, status: 'scheduled', nextRunAt: bj(5, 14, 0), quietHours: null }, now, bj(5, 14, 30));
    expect(waiting).toEqual({ state: 'deferred', at: now, text: '等待解封：本活动的通知模板被微信拒绝（错误码 43107），下次试发：1 分钟内；解封后自动发送，可点「暂停发送」停下本活动' });
    // one whose time has not come, or paused, reads as before
    expect(explainTiming({ ...base, status: 'scheduled', nextRunAt: bj(9, 0, 0), quietHours: null }, now, bj(5, 18, 0)).state).toBe('scheduled');
    expect(explainTiming({ ...base, status: 'paused', pausedBy: 's' }, now, bj(5, 18, 0)).state).toBe('paused');
    // once a pass goes through again, the dispatcher clears the reason and the card says it sends
    expect(explainTiming({ ...base, status: 'running', nextRunAt: now, deferredReason: null }, now).state).toBe('running');
  });

  it('a due campaign outside quiet hours goes at the next minute tick', () => {
    const now = bj(5, 10, 0);
    expect(explainTiming({ ...base, nextRunAt: now }, now)).toMatchObject({ state: 'due', at: now });
  });

  it('a cron campaign names its next run, moved out of quiet hours when it falls inside', () => {
    const now = bj(5, 10, 0);
    const cron = { ...base, schedule: { kind: 'cron' as const, cron: '0 0 23 * * * *' }, nextRunAt: bj(5, 23, 0) };
    const t = explainTiming(cron, now);
    expect(t.state).toBe('deferred');
    expect(t.at).toBe(bj(6, 8, 0));
    const day = explainTiming({ ...cron, nextRunAt: bj(5, 12, 0) }, now);
    expect(day).toMatchObject({ state: 'scheduled', at: bj(5, 12, 0) });
    expect(day.text).toContain('12-05 12:00');
    // the schedule in words, not the raw cron
    expect(day.text).toBe('将于 12-05 12:00 发送（定时：每天 23:00）');
  });

  it('no quiet hours: never deferred', () => {
    const now = bj(5, 1, 58);
    expect(explainTiming({ ...base, quietHours: null, nextRunAt: now }, now).state).toBe('due');
  });

  it('draft, running, paused and done explain themselves', () => {
    const now = bj(5, 10, 0);
    expect(explainTiming({ ...base, status: 'draft' }, now).text).toContain('草稿');
    expect(explainTiming({ ...base, status: 'running' }, now).state).toBe('running');
    expect(explainTiming({ ...base, status: 'paused' }, now).text).toContain('暂停');
    expect(explainTiming({ ...base, status: 'done', lastPassAt: now }, now).text).toContain('12-05 10:00');
  });

  it('立即发送 answers with what the dispatcher did', () => {
    const now = bj(5, 10, 0);
    const timing = explainTiming({ ...base, nextRunAt: now }, now);
    const run = {
      ok: true,
      // the keys run-campaign counts: skip_<SkipReason>, and send outcomes
      data: { status: 'done', passes: [{ campaignId: 'c1', finished: true, counts: { sent: 3, no_grant: 1, skip_no_grant: 110, holdout: 1, skip_frequency_cap: 4, skip_personalization_off: 12 } }] },
    };
    const text = describeDispatch('c1', run, timing);
    // 110 customers who never subscribed were once reported as 0 无授权 and "按频率上限或个人设置跳过 126".
    expect(text).toBe('已发送 3 条，无授权（未订阅该通知）跳过 111 人，对照组 1 人，达到频次上限跳过 4 人，关闭了个性化推送跳过 12 人，本轮已全部处理');
    const deferred = explainTiming({ ...base, nextRunAt: bj(5, 8, 0) }, bj(5, 1, 58));
    expect(describeDispatch('c1', { ok: true, data: { status: 'done', deferred: [{ campaignId: 'c1', until: bj(5, 8, 0) }], passes: [] } }, deferred)).toBe('现在处于免打扰时段，没有发送；已推迟到 12-05 08:00 自动发送');
    expect(describeDispatch('c1', { ok: true, data: { status: 'busy' } }, timing)).toContain('另一轮发送');
    expect(describeDispatch('c1', null, timing)).toBe(timing.text);
  });

  it('a running campaign on a refused template that waits for something else says what (not 等待解封), then the ban', () => {
    const now = bj(7, 13, 0);
    const running = { ...base, status: 'running' as const, deferredReason: 'subscribe_banned' as const };
    // Its next try falls in quiet hours: the tick moves it to 08:00.
    const night = explainTiming({ ...running, nextRunAt: now }, now, bj(7, 22, 30));
    expect(night).toMatchObject({ state: 'deferred', at: bj(8, 8, 0) });
    expect(night.text).toMatch(/^将于 12-08 08:00 继续发送：免打扰时段 22:00–08:00（北京时间）不发送服务通知；本活动的通知模板目前被微信拒绝（错误码 43107）/);
    expect(night.text).not.toContain('等待解封');
    // WeChat's daily quota: the next day.
    const quota = explainTiming({ ...running, quietHours: null, nextRunAt: bj(8, 0, 0), deferredReason: 'daily_quota' }, now, bj(7, 13, 8));
    expect(quota).toMatchObject({ state: 'deferred', at: bj(8, 0, 0) });
    expect(quota.text).toMatch(/^微信今日发送次数已达上限，将于 12-08 00:00 自动继续；本活动的通知模板目前被微信拒绝/);
    // A cron campaign whose next fire is tomorrow: the schedule.
    const cron = explainTiming({ ...base, quietHours: null, schedule: { kind: 'cron', cron: '0 0 9 * * * *' }, nextRunAt: bj(8, 9, 0) }, now, bj(7, 13, 8));
    expect(cron).toMatchObject({ state: 'scheduled', at: bj(8, 9, 0) });
    expect(cron.text).toMatch(/^将于 12-08 09:00 发送（定时：.*）；本活动的通知模板目前被微信拒绝/);
    // The ban's try is the last thing it waits for: 等待解封 / the ban's own words, as before.
    expect(explainTiming({ ...running, nextRunAt: now }, now, bj(7, 13, 8)).text).toMatch(/；下次试发：12-07 13:08（北京时间）$/);
  });
});
