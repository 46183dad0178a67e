/** 活动 page banner while WeChat bans the app's subscribe messages (43107); words in ban-text.ts. */
import { Text, View } from '@tarojs/components';
import type { TemplateFault } from '../services/admin-api';
import { banBannerText } from './ban-text';

export function BanBanner({ banned, titles }: { banned: readonly TemplateFault[]; titles: Record<string, string> }) {
  const t = banBannerText(banned, titles);
  if (!t) return null;
  return (
    <View className="admin-warn qx-ban-banner">
      <Text className="admin-label qx-ban-title">{t.title}</Text>
      {t.lines.map((line, i) => (
        <Text key={i} className={`qx-ban-line qx-ban-line-${i}`}>
          {line}
        </Text>
      ))}
    </View>
  );
}
