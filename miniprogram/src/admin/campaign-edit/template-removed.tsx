/**
 * A template WeChat said is gone (40037: not the app's any more, e.g. deleted on the 公众平台; the
 * dispatcher records it, common/dispatch/template-faults.ts). The editor no longer offers it; a
 * campaign that still uses it says so here, and staff who added it back say so with one tap.
 */
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { adminApi, type TemplateFault } from '../services/admin-api';
import { shortTime } from '../services/format';

/** The warning under the notice type when the chosen template was removed. */
export function TemplateRemoved({ fault, title, onRestored }: { fault: TemplateFault; title: string; onRestored: () => void }) {
  const [msg, setMsg] = useState('');
  const restore = async () => {
    setMsg('正在恢复…');
    try {
      await adminApi.templateFaultClear(fault.templateId);
      setMsg('');
      onRestored();
    } catch (e) {
      setMsg(`恢复失败：${(e as Error).message}`);
    }
  };
  return (
    <View className="admin-warn qx-tpl-removed">
      <Text className="qx-tpl-removed-text">
        「{title}」已失效：{shortTime(fault.lastSeenAt)} 发送时微信答复模板不存在（可能已在微信公众平台删除）。客户之前的订阅不能再用，预计可发送按 0
        人计，也不能用它保存活动。请选择其他通知类型；若已在公众平台恢复该模板，点「模板已恢复」。
      </Text>
      <View className="admin-btn admin-btn-ghost qx-tpl-restore" onClick={restore}>
        模板已恢复
      </View>
      {msg ? <Text className="admin-muted">{msg}</Text> : null}
    </View>
  );
}
