/** Wraps every customer page: the consent sheet, and the platform's permission dialogs. */
import { View } from '@tarojs/components';
import type { PropsWithChildren } from 'react';
import { IS_H5, IS_WEAPP } from '../platform';
import { ConsentSheet } from './consent-sheet';
import { SubscribeDialog } from './subscribe-dialog';
import { WechatPrivacySheet } from './wechat-privacy-sheet';

export function PageShell({ children, className }: PropsWithChildren<{ className?: string }>) {
  return (
    <View className={`page ${className ?? ''}`}>
      {children}
      <ConsentSheet />
      {IS_H5 ? <SubscribeDialog /> : null}
      {IS_WEAPP ? <WechatPrivacySheet /> : null}
    </View>
  );
}
