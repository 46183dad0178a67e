/** 活动 page banner while WeChat refuses subscribe messages (43107); words in ban-text.ts. */
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { adminApi, type TemplateFaults } from '../services/admin-api';
import { failureText } from '../../services/outcome';
import { banBannerText } from './ban-text';
import { StaffLog } from './staff-log';
import { retryLines } from './staff-log-text';

/** The banner, with 立即重试 (the next tick tries every refused template; the server records who asked). */
export function BanBanner({ faults, titles, onChanged }: { faults: TemplateFaults | null; titles: Record<string, string>; onChanged: (f: TemplateFaults) => void }) {
  const [msg, setMsg] = useState('');
  const t = faults ? banBannerText(faults, titles) : null;
  if (!t) return null;
  const retry = async () => {
    setMsg('正在提交…');
    try {
      onChanged(await adminApi.subscribeRetry());
      setMsg('已安排：下一分钟自动试发');
    } catch (e) {
      setMsg(failureText('立即重试失败', e));
    }
  };
  return (
    <View className="admin-warn qx-ban-banner">
      <Text className="admin-label qx-ban-title">{t.title}</Text>
      {t.lines.map((line, i) => (
        <Text key={i} className={`qx-ban-line qx-ban-line-${i}`}>
          {line}
        </Text>
      ))}
      <View className="admin-btns">
        <View className="admin-btn admin-btn-ghost qx-ban-retry" onClick={retry}>
          立即重试
        </View>
      </View>
      {msg ? <Text className="admin-muted qx-ban-msg">{msg}</Text> : null}
      <StaffLog title="立即重试记录" lines={retryLines(faults?.retries)} className="qx-ban-retries" />
    </View>
  );
}
