/**
 * Frame of every admin page: checks the caller is staff (the server refuses anyone else anyway)
 * and shows 无权限 otherwise; a tab row links the subpackage's pages (TABS).
 */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState, type PropsWithChildren } from 'react';
import { IS_H5 } from '../../platform';
import { adminApi, AdminError } from '../services/admin-api';
import './admin.scss';

const TABS = [
  ['overview', '概览'],
  ['segments', '分群'],
  ['value', '价值'],
  ['rules', '自定义分群'],
  ['campaigns', '活动'],
  ['outbox', '发送记录'],
  ['models', '模型'],
] as const;

export function AdminShell({ current, children }: PropsWithChildren<{ current: string }>) {
  const [state, setState] = useState<'checking' | 'staff' | 'denied' | 'error'>('checking');
  const [message, setMessage] = useState('');
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    adminApi.whoami().then(
      () => setState('staff'),
      (err: AdminError) => {
        setMessage(err.message);
        setState(err.code === 'FORBIDDEN' || err.code === 'UNAUTHENTICATED' ? 'denied' : 'error');
      },
    );
  }, [attempt]);
  if (state === 'checking') return <View className="admin admin-loading">正在验证身份…</View>;
  if (state === 'denied') {
    return (
      <View className="admin admin-denied">
        <Text className="admin-denied-title">无权限</Text>
        <Text className="admin-denied-text">商家后台仅对店铺员工开放。{message}</Text>
      </View>
    );
  }
  if (state === 'error')
    return (
      <View className="admin admin-error">
        <Text>加载失败：{message}</Text>
        <View className="admin-btns">
          <View className="admin-btn admin-btn-ghost qx-retry" onClick={() => (setState('checking'), setAttempt((n) => n + 1))}>
            重试
          </View>
        </View>
      </View>
    );
  // h5 only: staff also open the admin on a computer, where admin.scss lays cards out in columns
  // at >= 1024 px; the weapp subpackage keeps its phone layout.
  return (
    <View className={IS_H5 ? 'admin admin-h5' : 'admin'}>
      <View className="admin-tabs">
        {TABS.map(([page, label]) => (
          <View
            key={page}
            className={`admin-tab ${current === page ? 'admin-tab-on' : ''}`}
            onClick={() => current !== page && Taro.redirectTo({ url: `/admin/${page}/index` })}
          >
            {label}
          </View>
        ))}
      </View>
      <View className="admin-body">{children}</View>
    </View>
  );
}

/** A titled white card. */
export function Card({
  title,
  children,
  className,
}: PropsWithChildren<{ title?: string; className?: string }>) {
  return (
    <View className={`admin-card ${className ?? ''}`}>
      {title ? <Text className="admin-card-title">{title}</Text> : null}
      {children}
    </View>
  );
}

/** A figure with a caption. */
export function Stat({ label, value, hint }: { label: string; value: string | number; hint?: string }) {
  return (
    <View className="admin-stat">
      <Text className="admin-stat-value">{value}</Text>
      <Text className="admin-stat-label">{label}</Text>
      {hint ? <Text className="admin-stat-hint">{hint}</Text> : null}
    </View>
  );
}
