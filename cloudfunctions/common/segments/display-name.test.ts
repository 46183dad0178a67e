import { DELETED_RULE_NAME, segmentDisplayName, targetDisplayName, UNNAMED_RULE_NAME, UNSEGMENTED_NAME } from './display-name';

describe('segmentDisplayName', () => {
  it("prefers the model's name to the one stored on profiles", () => {
    expect(segmentDisplayName('3', { model: '高价值忠诚客户', stored: '新客' })).toBe('高价值忠诚客户');
  });

  it("falls back to the profiles' stored name when the model has none (the 分群 3 / 新客 split)", () => {
    expect(segmentDisplayName('3', { stored: '新客' })).toBe('新客');
    expect(segmentDisplayName(3, { model: null, stored: '新客' })).toBe('新客');
    expect(segmentDisplayName('3', { model: ' ', stored: '新客' })).toBe('新客');
  });

  it('numbers a segment nobody named, and calls the unsegmented 未分群', () => {
    expect(segmentDisplayName('3')).toBe('分群 3');
    expect(segmentDisplayName(3, { stored: '' })).toBe('分群 3');
    expect(segmentDisplayName('none')).toBe(UNSEGMENTED_NAME);
  });
});

describe('targetDisplayName', () => {
  const known = {
    segments: [{ id: 1, name: '高价值忠诚客户' }],
    ruleSegments: [{ id: 'rule:rule_abc123', name: '高消费客户' }],
  };

  it('names a saved rule target by the rule, never by its id', () => {
    expect(targetDisplayName('rule:rule_abc123', known)).toBe('自定义：高消费客户');
  });

  it('calls a rule that is no longer saved 已删除的自定义分群, and one whose names did not load 自定义分群', () => {
    expect(targetDisplayName('rule:rule_gone00', known)).toBe(DELETED_RULE_NAME);
    expect(targetDisplayName('rule:rule_abc123', { segments: known.segments })).toBe(UNNAMED_RULE_NAME);
  });

  it("names a model segment by the model's name (number or string id), else 分群 <id>", () => {
    expect(targetDisplayName(1, known)).toBe('高价值忠诚客户');
    expect(targetDisplayName('1', known)).toBe('高价值忠诚客户');
    expect(targetDisplayName(7, known)).toBe('分群 7');
    expect(targetDisplayName(7, {})).toBe('分群 7');
  });
});
