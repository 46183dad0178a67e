/**
 * The consent sheet shown on first launch: what we collect, why, and how to take it back.
 * Nothing is captured before 同意. In weapp the 同意 button is also WeChat's
 * `agreePrivacyAuthorization` button, so one tap satisfies WeChat's privacy guide for WeChat's
 * own interfaces; our tracking consent is recorded separately, with its version, on the server.
 *
 * A customer's consent is one fact of their account. When the account already holds a current
 * consent (given on another device), the sheet says so and asks about this device only: its
 * refusal neither withdraws nor erases (that is 撤回同意 in 我的, which it names), and its yes
 * follows the account's record instead of granting again.
 */
import { Button, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { IS_H5, IS_WEAPP } from '../platform';
import { agreeToTracking, followAccountConsent, refuseTracking } from '../services/analytics';
import { ApiError } from '../services/api';
import { beijingDay } from '../services/beijing-time';
import { accountConsent, consentUi, useConsentSheetOpen } from '../services/consent-ui';
import type { ConsentInfo } from '../services/privacy';
import './consent-sheet.scss';

const COLLECTED: [string, string][] = [
  ['浏览与搜索', '看过哪些商品、搜索词、在页面停留多久'],
  ['购物行为', '加入购物车、收藏、下单的商品与金额'],
  ['评价', '你写下的评价文字和评分'],
  ['消息订阅', '你允许或拒绝了哪些提醒'],
];

/** What the account holds: loading, a current consent, or nothing we know of (none, or not reachable). */
type Account = 'loading' | ConsentInfo | null;

export function ConsentSheet() {
  const open = useConsentSheetOpen();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [account, setAccount] = useState<Account>('loading');
  useEffect(() => {
    if (!open) return;
    let live = true;
    setAccount('loading');
    // Unreachable or not signed in: the sheet asks as on a first launch (同意 then reports why it cannot save).
    void accountConsent().then((c) => live && setAccount(c));
    return () => {
      live = false;
    };
  }, [open]);
  if (!open) return null;
  const known = account !== 'loading' && account !== null ? account : null;

  const agree = async () => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      if (known) await followAccountConsent(known);
      else await agreeToTracking();
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
        {known ? (
          <Text className='consent-lead'>
            你的账号已于 {beijingDay(known.grantedAt)} 同意本店记录以下信息，用于推荐商品和发送你订阅的降价、到货等服务通知。这台设备上的行为也要记录吗？
          </Text>
        ) : (
          <Text className='consent-lead'>为了给你推荐更合适的商品，并在你需要时发送降价、到货等服务通知，经你同意后我们会记录：</Text>
        )}
        {COLLECTED.map(([k, v]) => (
          <View className='consent-row' key={k}>
            <Text className='consent-k'>{k}</Text>
            <Text className='consent-v'>{v}</Text>
          </View>
        ))}
        {known ? (
          <Text className='consent-note'>
            选择「本机不记录」只对这台设备生效：已保存的数据和你在其他设备上的同意不变。如要停止所有记录并删除已保存的数据，请到「我的」选择「撤回同意」。
          </Text>
        ) : (
          <Text className='consent-note'>
            不收集手机号、位置、通讯录和相册。数据只用于本店，保存在本店的云端；你可以随时在「我的」里查看、导出、删除，或撤回同意。拒绝不影响正常购物。
          </Text>
        )}
        {error ? <Text className='consent-error'>{error}</Text> : null}
        {account === 'loading' ? (
          <Text className='consent-note' id='consent-loading'>正在读取你的授权状态…</Text>
        ) : (
          <View className='consent-actions'>
            <Button className='btn btn-ghost' id='consent-refuse' onClick={refuse}>
              {known ? '本机不记录' : '拒绝'}
            </Button>
            <Button
              className='btn btn-primary'
              id='consent-agree'
              openType={IS_WEAPP ? 'agreePrivacyAuthorization' : undefined}
              onClick={agree}
              loading={busy}
            >
              {known ? '本机也记录' : '同意'}
            </Button>
          </View>
        )}
      </View>
    </View>
  );
}
