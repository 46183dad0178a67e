/** One condition of the rule editor: a bounded figure, or a choice of segments / categories / risk levels / purchase stage. */
import { Text, View } from '@tarojs/components';
import { Chip, TextBox } from '../components/form-controls';
import { KIND_LABEL, RANGE_FIELDS, nameOf, type ConditionRow } from './rule-form';

const RISKS = [
  ['high', '高'],
  ['medium', '中'],
  ['low', '低'],
] as const;
const STAGES = [
  ['visitor', '尚未购买的访客'],
  ['buyer', '已购买客户'],
] as const;

/** Choices for the list kinds. */
export interface RowChoices {
  segments: Array<{ id: string; name: string }>;
  categories: string[];
  /** The shop's names of categories (id → name); a category without one shows its id. */
  categoryNames?: Record<string, string>;
}

export function ConditionRowView({
  row,
  choices,
  onChange,
  onRemove,
}: {
  row: ConditionRow;
  choices: RowChoices;
  onChange: (r: ConditionRow) => void;
  onRemove: () => void;
}) {
  const toggle = (v: string) =>
    onChange({ ...row, values: row.values.includes(v) ? row.values.filter((x) => x !== v) : [...row.values, v] });
  const spec = RANGE_FIELDS.find((f) => f.field === row.field);
  const options: Array<[string, string]> =
    row.kind === 'segment'
      ? choices.segments.map((s) => [s.id, s.name])
      : row.kind === 'category'
        ? choices.categories.map((c) => [c, nameOf(choices.categoryNames, c)])
        : row.kind === 'churn_risk'
          ? RISKS.map(([k, l]) => [k, l])
          : row.kind === 'value_stage'
            ? STAGES.map(([k, l]) => [k, l])
            : [];
  return (
    <View className={`admin-rule-row qx-rule-row-${row.kind}${row.field ? `-${row.field}` : ''}`}>
      <View className="admin-row">
        <Text className="admin-label">{row.kind === 'range' ? `${spec?.label ?? row.field}（${spec?.unit ?? ''}）` : KIND_LABEL[row.kind]}</Text>
        <Text className="admin-muted qx-rule-remove" onClick={onRemove}>
          删除
        </Text>
      </View>
      {row.kind === 'range' ? (
        <View className="admin-row">
          <TextBox cls="qx-rule-min" type="digit" value={row.min} onChange={(min) => onChange({ ...row, min })} placeholder="不低于" />
          <TextBox cls="qx-rule-max" type="digit" value={row.max} onChange={(max) => onChange({ ...row, max })} placeholder="不高于" />
        </View>
      ) : (
        <View>
          {options.map(([v, l]) => (
            <Chip key={v} className={`qx-rule-opt-${v}`} on={row.values.includes(v)} onClick={() => toggle(v)}>
              {l}
            </Chip>
          ))}
        </View>
      )}
    </View>
  );
}
