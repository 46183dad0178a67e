/**
 * A page part that failed to load: the server's words (「系统繁忙，请稍后重试」 when the database
 * was slow: UNAVAILABLE; 请求超时 / 网络不可用 from the transport) and 重试, which asks again.
 */
import { Text, View } from '@tarojs/components';

export function LoadError({ message, onRetry, id }: { message: string; onRetry: () => void; id?: string }) {
  return (
    <View className='toast-line load-error' id={id}>
      <Text>{message}</Text>
      <Text className='load-retry' onClick={onRetry}>
        重试
      </Text>
    </View>
  );
}
