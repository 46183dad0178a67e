/**
 * A card or list whose load failed: the server's words (「系统繁忙，请稍后重试」 when the database
 * was slow: UNAVAILABLE) and 重试, which loads that part again — not the page, so what else the
 * page shows stays. {@link useLoad} is the load it retries.
 */
import { Text, View } from '@tarojs/components';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Card } from './admin-shell';

/** 加载失败：… with 重试. */
export function LoadFailed({ title, message, onRetry }: { title?: string; message: string; onRetry: () => void }) {
  return (
    <Card title={title} className="qx-load-failed">
      <Text className="admin-warn qx-load-failed-text">加载失败：{message}</Text>
      <View className="admin-btns">
        <View className="admin-btn admin-btn-ghost qx-retry" onClick={onRetry}>
          重试
        </View>
      </View>
    </Card>
  );
}

/** What {@link useLoad} gives a card: the data (null until loaded), the failure's words, and a reload. */
export interface Loaded<T> {
  data: T | null;
  /** The failure's message; '' when the last load did not fail. */
  error: string;
  /** Loads again (重试, or after an action changed what the card shows); the data shown stays meanwhile. */
  reload: () => void;
}

/** Runs `load` now and whenever `deps` change or {@link Loaded.reload} is called; the latest call wins. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[] = []): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: string }>({ data: null, error: '' });
  const seq = useRef(0);
  // `deps` stand for what `load` reads (a new closure each render).
  const reload = useCallback(() => {
    const mine = ++seq.current;
    setState((s) => ({ data: s.data, error: '' }));
    load().then(
      (data) => mine === seq.current && setState({ data, error: '' }),
      (e: Error) => mine === seq.current && setState((s) => ({ data: s.data, error: e.message })),
    );
  }, deps);
  useEffect(reload, [reload]);
  return { ...state, reload };
}
