import { formOfRule, labelProblems, memberChurnText, membersHeading, nameOf, newRow, rowLabel, toRulePayload, type RuleForm } from './rule-form';

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

describe('memberChurnText', () => {
  const reason = '已65天未购买，以往约每21天购买一次（共20次），已超过以往间隔的3倍，流失风险高；预计90天内再次购买的概率约86%';
  it("gives a member at risk the stored sentence, which names the rule that set the level", () => {
    expect(memberChurnText({ churn: { level: 'high', reason } })).toBe(`流失风险依据：${reason}`);
    expect(memberChurnText({ churn: { level: 'medium', reason: '只购买过一次，距今80天；预计90天内再次购买的概率约30%，有流失迹象' } })).toBe(
      '流失风险依据：只购买过一次，距今80天；预计90天内再次购买的概率约30%，有流失迹象',
    );
  });
  it('says nothing for a member not at risk, or without a buyer prediction', () => {
    expect(memberChurnText({ churn: { level: 'low', reason: '已5天未购买，以往约每7天购买一次（共9次），购买节奏正常；预计90天内再次购买的概率约99%' } })).toBeNull();
    expect(memberChurnText({})).toBeNull();
  });
});

describe('membersHeading', () => {
  it('says how many match and that the list is the first 50 of them (it listed 50 under 「当前 193 人」)', () => {
    expect(membersHeading(193, 50)).toBe('共 193 人，下面列出前 50 人（编号已打码；完整名单请点「导出 CSV」）');
    expect(membersHeading(9, 9)).toBe('共 9 人（编号已打码）');
    expect(membersHeading(0, 0)).toBe('目前没有客户符合这些条件');
  });
});
