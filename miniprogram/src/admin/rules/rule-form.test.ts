import { formOfRule, labelProblems, membersHeading, nameOf, newRow, rowLabel, toRulePayload, type RuleForm } from './rule-form';

describe('rule editor state', () => {
  const form: RuleForm = {
    name: '高消费久未购买',
    op: 'and',
    include: [{ ...newRow('range', 'monetary_90d'), min: '150' }, { ...newRow('segment'), values: ['2'] }],
    exclude: [{ ...newRow('churn_risk'), values: ['low'] }],
  };

  it('turns typed numbers and chips into the server payload', () => {
    expect(toRulePayload(form)).toEqual({
      name: '高消费久未购买',
      include: { op: 'and', items: [{ kind: 'range', field: 'monetary_90d', min: 150, max: undefined }, { kind: 'segment', in: ['2'] }] },
      exclude: { op: 'or', items: [{ kind: 'churn_risk', in: ['low'] }] },
    });
  });

  it('round-trips a saved rule, and marks deeper nesting read-only', () => {
    const payload = toRulePayload(form) as never;
    const back = formOfRule({ _id: 'rule_abcdef', ...(payload as object) } as never);
    expect(toRulePayload(back)).toEqual({ _id: 'rule_abcdef', ...(payload as object) });
    // The version the editor loaded goes back with the save (the server refuses a stale one).
    const loaded = formOfRule({ _id: 'rule_abcdef', version: 4, ...(payload as object) } as never);
    expect(toRulePayload(loaded)).toEqual({ _id: 'rule_abcdef', version: 4, ...(payload as object) });
    expect(back.readOnly).toBe(false);
    const nested = formOfRule({ _id: 'r', name: 'n', include: { op: 'and', items: [{ op: 'or', items: [{ kind: 'segment', in: ['1'] }] }] } });
    expect(nested.readOnly).toBe(true);
  });

  it('names the row each server problem belongs to', () => {
    const problems = [
      { path: 'include.items.1.in', message: '至少选择一项' },
      { path: 'include.items.0.min', message: '应为数字' },
      { path: 'exclude.items.0.in', message: '至少选择一项' },
      { path: 'name', message: '不能为空' },
    ];
    expect(labelProblems(form, problems).map((p) => [p.path, p.message])).toEqual([
      ['include.items.1.in', '「模型分群」：至少选择一项'],
      ['include.items.0.min', '「近90天消费」：应为数字'],
      ['exclude.items.0.in', '排除条件「流失风险」：至少选择一项'],
      ['name', '不能为空'],
    ]);
  });
});

describe('nameOf', () => {
  it('names a category by the shop, else by its id, even for ids Object.prototype carries', () => {
    const names = JSON.parse('{"women":"女装","__proto__":"杂货"}') as Record<string, string>;
    expect(nameOf(names, 'women')).toBe('女装');
    expect(nameOf(names, '__proto__')).toBe('杂货');
    expect(nameOf(names, 'constructor')).toBe('constructor');
    expect(nameOf(names, 'toString')).toBe('toString');
    expect(nameOf(undefined, 'tea')).toBe('tea');
  });
});

describe('range field labels', () => {
  it('names days since the last visit as its sibling names purchases (「未来访天数」 also read as future visits)', () => {
    expect(rowLabel(newRow('range', 'recency_days'))).toBe('最近购买距今');
    expect(rowLabel(newRow('range', 'days_since_active'))).toBe('最近来访距今');
  });
});

describe('membersHeading', () => {
  it('says how many match and that the list is the first 50 of them (it listed 50 under 「当前 193 人」)', () => {
    expect(membersHeading(193, 50)).toBe('共 193 人，下面列出前 50 人（编号已打码；完整名单请点「导出 CSV」）');
    expect(membersHeading(9, 9)).toBe('共 9 人（编号已打码）');
    expect(membersHeading(0, 0)).toBe('目前没有客户符合这些条件');
  });
});
