/** A short list of what staff did (newest first), the newest few until 「查看全部」; words in staff-log-text.ts. */
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { STAFF_LOG_SHOWN } from './staff-log-text';

/** `title` and `lines`, or nothing when there are none; `className` names it for the page's tests. */
export function StaffLog({ title, lines, className }: { title: string; lines: string[]; className: string }) {
  const [all, setAll] = useState(false);
  if (!lines.length) return null;
  const shown = all ? lines : lines.slice(0, STAFF_LOG_SHOWN);
  return (
    <View className={`qx-staff-log ${className}`}>
      <Text className="admin-label">{title}</Text>
      {shown.map((line, i) => (
        <Text key={i} className="admin-muted qx-staff-log-line">
          {line}
        </Text>
      ))}
      {lines.length > shown.length ? (
        <Text className="admin-link qx-staff-log-all" onClick={() => setAll(true)}>
          查看全部 {lines.length} 条
        </Text>
      ) : null}
    </View>
  );
}
