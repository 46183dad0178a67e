/**
 * The editor's rule picker search: the options list holds the newest 200 saved rules (and the
 * campaign's own), so an older rule is found by name on the server, 50 at a time, and picked here.
 */
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Chip } from '../components/form-controls';
import { SearchBox } from '../components/search-box';
import { adminApi, type RuleSegmentView } from '../services/admin-api';
import { countLine } from '../services/count-line';
import { useNewestList } from '../services/use-newest-list';
import type { RuleTargetOption } from '../../../../cloudfunctions/common/contracts/admin-replies';

/** The saved rules whose name contains `name`, as chips; `onPick` toggles one. */
function Found({ name, selected, onPick }: { name: string; selected: ReadonlyArray<number | string>; onPick: (r: RuleTargetOption) => void }) {
  const found = useNewestList<RuleSegmentView>(
    name,
    (page) => adminApi.ruleSegmentList({ ...page, name }),
    () => adminApi.listCount({ list: 'ruleSegments', name }).then((c) => c.total),
  );
  if (found.error) return <Text className="admin-problem">搜索失败：{found.error}</Text>;
  if (!found.items) return <Text className="admin-muted">搜索中…</Text>;
  const words = { unit: '个分群', order: '最近保存的', subject: `名称含「${name}」的分群`, empty: `没有名称含「${name}」的分群` };
  return (
    <View className="qx-rseg-found">
      {found.items.map((r) => {
        const id = `rule:${r._id}`;
        return (
          <Chip key={id} className={`qx-rseg-hit qx-rseg-hit-${r._id}`} on={selected.includes(id)} onClick={() => onPick({ id, name: r.name, version: r.version })}>
            自定义：{r.name}
          </Chip>
        );
      })}
      <View>
        <Text className="admin-muted qx-rseg-found-count">{countLine(found.items.length, found.more, found.total, words)}</Text>
      </View>
      {found.more ? (
        <View className="admin-btn admin-btn-ghost qx-rseg-found-more" onClick={found.loadMore}>加载更多</View>
      ) : null}
    </View>
  );
}

/** 搜索分群名称 and its results; picking a result adds it to (or takes it off) the targets. */
export function RuleSearch({ selected, onPick }: { selected: ReadonlyArray<number | string>; onPick: (r: RuleTargetOption) => void }) {
  const [name, setName] = useState('');
  return (
    <View className="qx-rseg-search-box">
      <SearchBox cls="qx-rseg-search" placeholder="搜索自定义分群名称（较早保存的分群也能找到）" active={name} onSearch={setName} />
      {name ? <Found key={name} name={name} selected={selected} onPick={onPick} /> : null}
    </View>
  );
}
