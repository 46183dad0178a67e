/**
 * 搜索分群名称: a search box that asks the server (names of every saved rule, however old), on
 * 搜索 or the keyboard's confirm; 清除 goes back to the whole list. The text is checked here as the
 * server checks it (name-search.ts), so staff read why a search was not made.
 */
import { Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { nameSearchText } from '../../../../cloudfunctions/common/contracts/name-search';

/** `onSearch('')` clears the search; otherwise the trimmed text. */
export function SearchBox({ cls, placeholder, active, onSearch }: { cls: string; placeholder: string; active: string; onSearch: (text: string) => void }) {
  const [text, setText] = useState(active);
  const [problem, setProblem] = useState('');
  const submit = () => {
    if (!text.trim()) {
      setProblem('');
      return onSearch('');
    }
    const r = nameSearchText.safeParse(text);
    setProblem(r.success ? '' : (r.error.issues[0]?.message ?? '搜索内容无效'));
    if (r.success) onSearch(r.data);
  };
  return (
    <View className={`admin-search ${cls}`}>
      <View className="admin-row">
        <Input
          className={`admin-input ${cls}-input`}
          value={text}
          placeholder={placeholder}
          confirmType="search"
          onInput={(e) => setText(e.detail.value)}
          onConfirm={submit}
        />
        <View className={`admin-btn admin-btn-ghost ${cls}-go`} onClick={submit}>搜索</View>
        {active ? (
          <View
            className={`admin-btn admin-btn-ghost ${cls}-clear`}
            onClick={() => {
              setText('');
              setProblem('');
              onSearch('');
            }}
          >
            清除
          </View>
        ) : null}
      </View>
      {problem ? <Text className="admin-problem">{problem}</Text> : null}
    </View>
  );
}
