/**
 * weapp only: WeChat asks for its privacy guide to be agreed before a privacy-relevant WeChat
 * interface runs (wx.onNeedPrivacyAuthorization). This agrees to WeChat's guide only; it does not
 * grant our tracking consent.
 */
import { Button, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { onNeedWechatPrivacy, openPrivacyContract } from '../platform';
import './dialog.scss';

type Resolve = (o: { event: 'agree' | 'disagree' | 'exposureAuthorization'; buttonId?: string }) => void;
const waiting: Resolve[] = [];
const listeners = new Set<() => void>();
let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  onNeedWechatPrivacy((resolve) => {
    waiting.push(resolve);
    listeners.forEach((l) => l());
  });
}

export function WechatPrivacySheet() {
  const [, bump] = useState(0);
  useEffect(() => {
    register();
    const l = () => bump((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  if (waiting.length === 0) return null;
  const answer = (event: 'agree' | 'disagree') => {
    waiting.splice(0).forEach((r) => r(event === 'agree' ? { event, buttonId: 'wx-privacy-agree' } : { event }));
    listeners.forEach((l) => l());
  };
  return (
    <View className='dialog-mask'>
      <View className='dialog'>
        <Text className='dialog-title'>隐私保护指引</Text>
        <Text className='dialog-hint'>使用该功能前，请阅读并同意</Text>
        <Text className='link' onClick={openPrivacyContract}>
          《群像小店隐私保护指引》
        </Text>
        <View className='dialog-actions'>
          <Button className='btn btn-ghost' onClick={() => answer('disagree')}>
            拒绝
          </Button>
          <Button className='btn btn-wechat' id='wx-privacy-agree' openType='agreePrivacyAuthorization' onAgreePrivacyAuthorization={() => answer('agree')}>
            同意
          </Button>
        </View>
      </View>
    </View>
  );
}
