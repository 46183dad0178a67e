/**
 * 预计可发送: as staff pick segments and a template, how many customers the notice can reach —
 * segment members, of them those who agreed (and kept personalised pushes on), of them those who
 * accepted this template's notice. A shop whose customers never subscribed learns it here, with
 * what has to happen first, instead of from a sent campaign's row of zeros.
 */
import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { adminApi, type CampaignAudience } from '../services/admin-api';
import { shortTime } from '../services/format';

/** Waits this long after the last pick before asking (a click on several chips asks once). */
const SETTLE_MS = 300;

/** `refresh`: bumped when something the estimate depends on changed (a removed template restored). */
/** `filtered`: a filter (评价正面度) is set, which makes the campaign personalised without a target too. */
export function AudienceEstimate({ segments, templateId, templateTitle, filtered = false, refresh = 0 }: { segments: Array<number | string>; templateId: string; templateTitle: string; filtered?: boolean; refresh?: number }) {
  const [a, setA] = useState<CampaignAudience | null>(null);
  const [error, setError] = useState('');
  const key = `${templateId}|${segments.map(String).join(',')}|${filtered}|${refresh}`;
  useEffect(() => {
    if (!templateId) return;
    let live = true;
    const t = setTimeout(() => {
      adminApi.campaignAudience(segments, templateId, filtered).then(
        (r) => live && (setA(r), setError('')),
        (e: Error) => live && setError(e.message),
      );
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [key]); // `key` stands for segments, templateId and filtered (a new array each render)
  if (!templateId) return null;
  if (error) return <Text className="admin-warn qx-audience">预计人数暂时算不出：{error}</Text>;
  if (!a) return <Text className="admin-muted qx-audience">正在估算可发送人数…</Text>;
  return (
    <View className="qx-audience">
      <Text className="admin-label qx-audience-count">预计可发送：{a.subscribed} 人</Text>
      <Text className="admin-muted qx-audience-funnel">
        {segments.length ? '所选分群' : '全部客户'} {a.targeted} 人 → 已同意数据收集{a.personalised ? '且未关闭个性化推送' : ''} {a.reachable} 人 →
        订阅了「{templateTitle}」且还有可发次数 {a.subscribed} 人。评价正面度、频次上限和对照组还会再少一些。
      </Text>
      {a.templateRemoved ? (
        <Text className="admin-warn qx-audience-removed">
          现在发送不会有人收到：「{templateTitle}」已失效（{shortTime(a.templateRemoved.lastSeenAt)} 微信答复模板不存在），客户之前对它的订阅不再计入。
        </Text>
      ) : a.subscribed === 0 ? (
        <Text className="admin-warn qx-audience-none">
          现在发送不会有人收到：订阅消息只能发给订阅过该通知的客户（客户在商品页点「开启」提醒并在微信弹窗中允许，每次允许可收一条）。可以先保存草稿，等有客户订阅后再发送。
        </Text>
      ) : null}
    </View>
  );
}
