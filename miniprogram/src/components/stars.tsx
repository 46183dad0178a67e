/** 1–5 star rating, tappable when `onChange` is given. */
import { Text, View } from '@tarojs/components';

export function Stars({ value, onChange }: { value: number; onChange?: (v: number) => void }) {
  return (
    <View className='stars'>
      {[1, 2, 3, 4, 5].map((n) => (
        <Text key={n} className={n <= value ? 'star star-on' : 'star'} onClick={onChange ? () => onChange(n) : undefined} data-star={n}>
          ★
        </Text>
      ))}
    </View>
  );
}
