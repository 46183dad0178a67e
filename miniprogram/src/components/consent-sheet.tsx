/**
 * The consent sheet shown on first launch: what we collect, why, and how to take it back.
 * Nothing is captured before 同意. In weapp the 同意 button is also WeChat's
 * `agreePrivacyAuthorization` button, so one tap satisfies WeChat's privacy guide for WeChat's
 * own interfaces; our tracking consent is recorded separately, with its version, on the server.
 */
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { IS_H5, IS_WEAPP } from '../platform';
import { agreeToTracking, refuseTracking } from '../services/analytics';
import { ApiError } from '../services/api';
import { consentUi, useConsentSheetOpen } from '../services/consent-ui';
import './consent-sheet.scss';

const COLLECTED: [string, string][] = [
  ['浏览与搜索', '看过哪些商品、搜索词、在页面停留多久'],
  ['购物行为', '加入购物车、收藏、下单的商品与金额'],
  ['评价', '你写下的评价文字和评分'],
  ['消息订阅', '你允许或拒绝了哪些提醒'],
];

export function ConsentSheet() {
  const open = useConsentSheetOpen();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  if (!open) return null;

  const agree = async () => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      await agreeToTracking();
      consentUi.hide();
    } catch (err) {
      const e = err as ApiError;
      setError(e.code === 'UNAUTHENTICATED' && IS_H5 ? '尚未登录：请先在 /dev/login 选择身份' : `未能保存你的选择：${e.message}`);
    } finally {
      setBusy(false);
    }
  };
  const refuse = () => {
    refuseTracking();
    consentUi.hide();
  };

  return (
    <View className='consent-mask'>
      <View className={IS_H5 ? 'consent-sheet consent-sheet-h5' : 'consent-sheet'} id='consent-sheet'>
        <Text className='consent-title'>个人信息保护提示</Text>
        <Text className='consent-lead'>为了给你推荐更合适的商品，并在你需要时发送降价、到货等服务通知，经你同意后我们会记录：</Text>
        {COLLECTED.map(([k, v]) => (
          <View className='consent-row' key={k}>
            <Text className='consent-k'>{k}</Text>
            <Text className='consent-v'>{v}</Text>
          </View>
        ))}
        <Text className='consent-note'>
          不收集手机号、位置、通讯录和相册。数据只用于本店，保存在本店的云端；你可以随时在「我的」里查看、导出、删除，或撤回同意。拒绝不影响正常购物。
        </Text>
        {error ? <Text className='consent-error'>{error}</Text> : null}
        <View className='consent-actions'>
          <Button className='btn btn-ghost' id='consent-refuse' onClick={refuse}>
            拒绝
          </Button>
          <Button
            className='btn btn-primary'
            id='consent-agree'
            openType={IS_WEAPP ? 'agreePrivacyAuthorization' : undefined}
            onClick={agree}
            loading={busy}
          >
            同意
          </Button>
        </View>
      </View>
    </View>
  );
}
