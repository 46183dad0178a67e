/** 活动: campaign list, dispatch now, results. */
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { AdminShell, Card } from '../components/admin-shell';
import { LoadFailed } from '../components/load-failed';
import { adminApi, type CampaignResultsView, type TemplateFaults, type TimedCampaignDoc } from '../services/admin-api';
import { describeCron } from '../../../../cloudfunctions/common/contracts/schedule-pick';
import { targetDisplayName, type TargetNameSources } from '../../../../cloudfunctions/common/segments/display-name';
import { shortTime, STATUS_TEXT } from '../services/format';
import { ResultsCard } from './results-card';
import { countLine } from '../services/count-line';
import { useNewestList } from '../services/use-newest-list';
import { failureText } from '../../services/outcome';
import { BanBanner } from './ban-banner';
import { cardMessage, pausedMessage } from './card-message';
import { StaffLog } from './staff-log';
import { staffLogLines } from './staff-log-text';
import { DISPATCH_PAGE_SIZE } from '../../../../cloudfunctions/common/contracts/dispatch-page';

function Row({ c, onChanged, names, titles, said }: { c: TimedCampaignDoc; onChanged: () => void; names: TargetNameSources; titles: Record<string, string>; said?: string }) {
  const [results, setResults] = useState<CampaignResultsView | null>(null);
  const [msg, setMsg] = useState(said ?? '');
  // Its rules as the server read them with its stale targets (by id, however old), else the editor's list.
  const own: TargetNameSources = { ...names, ruleSegments: c.targetRules ?? names.ruleSegments };
  const showResults = () => adminApi.campaignResults(c._id).then(setResults, (e: Error) => setMsg(e.message));
  const dispatch = async () => {
    setMsg('正在发送…');
    try {
      const r = await adminApi.campaignDispatch(c._id);
      setMsg(r.outcome);
      onChanged();
      await showResults();
    } catch (e) {
      setMsg(failureText('发送失败', e));
    }
  };
  const pause = async () => {
    setMsg('正在暂停…');
    try {
      await adminApi.campaignPause(c._id);
      setMsg(pausedMessage(DISPATCH_PAGE_SIZE));
      onChanged();
    } catch (e) {
      setMsg(failureText('暂停失败', e));
    }
  };
  const pausable = c.status === 'scheduled' || c.status === 'running';
  const timing = results?.timing ?? c.timing;
  const shown = cardMessage(msg, timing.text);
  return (
    <Card title={c.name} className={`admin-campaign admin-campaign-${c._id}`}>
      <View className="admin-row">
        <Text className="admin-muted">
          状态：<Text className="qx-campaign-status">{STATUS_TEXT[c.status] ?? c.status}</Text>
        </Text>
        <Text className="admin-muted">{shortTime(c.updatedAt)}</Text>
      </View>
      <Text className="admin-muted">
        模板 {titles[c.templateId] ?? c.templateId} · 目标{' '}
        {c.segments.length ? c.segments.map((x) => targetDisplayName(x, own)).join('、') : '全部已同意客户'} ·
        对照组 {c.holdoutPct}% · {c.schedule.kind === 'cron' ? `定时：${describeCron(c.schedule.cron)}` : '立即发送'}
      </Text>
      <View className="admin-btns">
        <View
          className="admin-btn admin-btn-ghost"
          onClick={() => Taro.navigateTo({ url: `/admin/campaign-edit/index?id=${c._id}` })}
        >
          编辑
        </View>
        <View className="admin-btn qx-dispatch" onClick={dispatch}>
          {c.status === 'paused' && c.pausedBy ? '继续发送' : '立即发送'}
        </View>
        {pausable ? (
          <View className="admin-btn admin-btn-ghost qx-pause" onClick={pause}>
            暂停发送
          </View>
        ) : null}
        <View className="admin-btn admin-btn-ghost qx-results" onClick={showResults}>
          查看效果
        </View>
        <View
          className="admin-btn admin-btn-ghost"
          onClick={() => Taro.navigateTo({ url: `/admin/outbox/index?campaignId=${c._id}` })}
        >
          发送记录
        </View>
      </View>
      {/* The results' timing is the newer one once they are loaded (one line, not two). */}
      <Text className={`admin-muted qx-campaign-timing qx-timing-${timing.state}`}>{timing.text}</Text>
      {c.staleTargets?.length ? (
        <Text className="admin-warn qx-campaign-stale">
          目标{c.staleTargets.map((x) => `「${targetDisplayName(x, own)}」`).join('、')}
          已不存在（分群模型重新训练会更换分群，自定义分群也可能已被删除），请编辑活动重新选择目标
        </Text>
      ) : null}
      {shown ? <Text className="admin-muted qx-campaign-msg">{shown}</Text> : null}
      <StaffLog title="操作记录" lines={staffLogLines(c.staffLog)} className="qx-campaign-log" />
      {results ? <ResultsCard r={results} holdoutPct={c.holdoutPct} /> : null}
    </Card>
  );
}

/** The router may hand the query over decoded or not; a decoded text with a stray % stays as it is. */
function decodeOnce(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function Body() {
  // The editor's answer after 保存并发送 / 保存草稿 (campaign id and what it said), for that row.
  const { params } = useRouter();
  const said = params.said ? decodeOnce(params.said) : undefined;
  // The editor's own options name the targets (one naming rule: segments/display-name.ts).
  const [names, setNames] = useState<TargetNameSources>({});
  const [titles, setTitles] = useState<Record<string, string>>({});
  useEffect(() => {
    adminApi.editorOptions().then(
      (o) => {
        setNames({ segments: o.segments, ruleSegments: o.ruleSegments ?? [] });
        setTitles(Object.fromEntries(o.templates.map((t) => [t.templateId, t.title])));
      },
      () => undefined, // 「分群 <id>」 and 自定义分群 are shown instead
    );
  }, []);
  // 50 at a time, most recently changed first (it stopped at the newest 200, silently).
  const campaigns = useNewestList<TimedCampaignDoc>(
    'all',
    (page) => adminApi.campaignList(page),
    () => adminApi.listCount({ list: 'campaigns' }).then((c) => c.total),
  );
  // WeChat's refusals beyond one customer (43107 banned): read again whenever the list is.
  const [faults, setFaults] = useState<TemplateFaults | null>(null);
  const loadFaults = () => adminApi.subscribeFaults().then(setFaults, () => undefined); // the cards still say it
  const reload = () => {
    campaigns.reload();
    void loadFaults();
  };
  useEffect(() => void loadFaults(), []);
  useDidShow(reload);
  const list = campaigns.items;
  return (
    <View className="admin-campaigns">
      <View className="admin-btns">
        <View
          className="admin-btn qx-new-campaign"
          onClick={() => Taro.navigateTo({ url: '/admin/campaign-edit/index' })}
        >
          新建活动
        </View>
      </View>
      <BanBanner faults={faults} titles={titles} onChanged={setFaults} />
      {campaigns.error ? <LoadFailed message={campaigns.error} onRetry={campaigns.reload} /> : null}
      {list && list.length === 0 ? (
        <Card>还没有活动。活动是客户订阅过的服务通知（降价、到货、订单、提醒），不是广告。</Card>
      ) : null}
      {(list ?? []).map((c) => (
        <Row key={c._id} c={c} onChanged={reload} names={names} titles={titles} said={c._id === params.id ? said : undefined} />
      ))}
      {list?.length ? (
        <Text className="admin-muted qx-campaign-count">
          {countLine(list.length, campaigns.more, campaigns.total, { unit: '个活动', order: '最近更新的', empty: '' })}
        </Text>
      ) : null}
      {campaigns.more ? (
        <View className="admin-btns">
          <View className="admin-btn admin-btn-ghost qx-campaign-more" onClick={campaigns.loadMore}>加载更多</View>
        </View>
      ) : null}
    </View>
  );
}

export default function CampaignsPage() {
  return (
    <AdminShell current="campaigns">
      <Body />
    </AdminShell>
  );
}
