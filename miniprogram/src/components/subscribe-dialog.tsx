/**
 * h5 stand-in for WeChat's subscribe-message dialog: lists up to 3 templates, each 允许 or 拒绝,
 * like WeChat's sheet. Opened by platform/subscribe.ts through an event; answers once.
 */
import { Button, Switch, Text, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { H5_SUBSCRIBE_EVENT, IS_H5, type H5SubscribeAsk, type SubscribeAnswer } from '../platform';
import './dialog.scss';

export function SubscribeDialog() {
  const [ask, setAsk] = useState<H5SubscribeAsk | null>(null);
  const [allowed, setAllowed] = useState<Record<string, boolean>>({});
  // Pages below the top of the stack stay mounted (hidden) in h5: only the shown page answers.
  const shown = useRef(true);
  useDidShow(() => void (shown.current = true));
  useDidHide(() => void (shown.current = false));

  useEffect(() => {
    if (!IS_H5) return undefined;
    const h = (a: H5SubscribeAsk) => {
      if (!shown.current) return;
      setAllowed(Object.fromEntries(a.templates.map((t) => [t.templateId, true])));
      setAsk(a);
    };
    Taro.eventCenter.on(H5_SUBSCRIBE_EVENT, h);
    return () => void Taro.eventCenter.off(H5_SUBSCRIBE_EVENT, h);
  }, []);
  if (!ask) return null;

  const finish = (all: 'accept' | 'reject' | null) => {
    const results: Record<string, SubscribeAnswer> = {};
    for (const t of ask.templates) results[t.templateId] = all ?? (allowed[t.templateId] ? 'accept' : 'reject');
    ask.answer(results);
    setAsk(null);
  };

  return (
    <View className='dialog-mask'>
      <View className='dialog' id='subscribe-dialog'>
        <Text className='dialog-title'>群像小店 申请向你发送以下通知</Text>
        {ask.templates.map((t) => (
          <View className='dialog-row' key={t.templateId}>
            <Text className='dialog-row-text'>{t.title}</Text>
            <Switch
              checked={allowed[t.templateId] ?? true}
              color='#07c160'
              onChange={(e) => setAllowed({ ...allowed, [t.templateId]: e.detail.value })}
            />
          </View>
        ))}
        <Text className='dialog-hint'>每次允许，商家可向你发送一条对应的服务通知。</Text>
        <View className='dialog-actions'>
          <Button className='btn btn-ghost' id='subscribe-reject' onClick={() => finish('reject')}>
            拒绝
          </Button>
          <Button className='btn btn-wechat' id='subscribe-allow' onClick={() => finish(null)}>
            允许
          </Button>
        </View>
      </View>
    </View>
  );
}
