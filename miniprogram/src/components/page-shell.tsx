/** Wraps every customer page: the consent sheet, the platform's permission dialogs, push-open attribution. */
import { View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect, type PropsWithChildren } from 'react';
import { IS_H5, IS_WEAPP } from '../platform';
import { notePushOpen } from '../services/analytics';
import { ConsentSheet } from './consent-sheet';
import { SubscribeDialog } from './subscribe-dialog';
import { WechatPrivacySheet } from './wechat-privacy-sheet';

export function PageShell({ children, className }: PropsWithChildren<{ className?: string }>) {
  const { params } = useRouter();
  const campaignId = params?.campaignId ? decodeURIComponent(params.campaignId) : '';
  const templateId = params?.templateId ? decodeURIComponent(params.templateId) : undefined;
  // Opened from a service notice (dispatch appends campaignId to the notice's page).
  useEffect(() => {
    if (campaignId) notePushOpen(campaignId, templateId);
  }, [campaignId, templateId]);
  return (
    <View className={`page ${className ?? ''}`}>
      {children}
      <ConsentSheet />
      {IS_H5 ? <SubscribeDialog /> : null}
      {IS_WEAPP ? <WechatPrivacySheet /> : null}
    </View>
  );
}
