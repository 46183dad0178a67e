import { NAMING_RULES } from './naming';
import { currentSegmentName, DELETED_RULE_NAME, namesInTodaysWords, RENAMED_SEGMENT_NAMES, segmentDisplayName, targetDisplayName, UNNAMED_RULE_NAME, UNSEGMENTED_NAME } from './display-name';

describe('segmentDisplayName', () => {
  it("prefers the model's name to the one stored on profiles", () => {
    expect(segmentDisplayName('3', { model: '活跃买家', stored: '新客' })).toBe('活跃买家');
  });

  it("says today's name of a renamed rule, from the model's name or the profiles' stored one", () => {
    expect(segmentDisplayName('6', { model: '高价值忠诚客户' })).toBe('忠诚高消费客户');
    expect(segmentDisplayName('6', { stored: '高价值忠诚客户·近期高消费' })).toBe('忠诚高消费客户·近期高消费');
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
    // Campaigns target by id; names come from the model at read time, in today's words.
    expect(targetDisplayName(1, known)).toBe('忠诚高消费客户');
    expect(targetDisplayName('1', known)).toBe('忠诚高消费客户');
    expect(targetDisplayName(7, known)).toBe('分群 7');
    expect(targetDisplayName(7, {})).toBe('分群 7');
  });
});

describe('currentSegmentName', () => {
  it('renames an old rule name with its qualifier or number kept, and leaves every other name as it is', () => {
    expect(currentSegmentName('高价值忠诚客户')).toBe('忠诚高消费客户');
    expect(currentSegmentName('高价值忠诚客户·近期高消费')).toBe('忠诚高消费客户·近期高消费');
    expect(currentSegmentName('高价值忠诚客户2')).toBe('忠诚高消费客户2');
    expect(currentSegmentName('高价值忠诚客户们')).toBe('高价值忠诚客户们');
    expect(currentSegmentName('沉睡/流失风险·季度低消费')).toBe('沉睡/流失风险·季度低消费');
  });

  it("maps every old name to a naming rule's name of today, and no rule of today to an old name", () => {
    const today = new Set(NAMING_RULES.map((r) => r.name));
    for (const [old, now] of Object.entries(RENAMED_SEGMENT_NAMES)) {
      expect(today.has(now)).toBe(true);
      expect(today.has(old)).toBe(false);
    }
    expect(NAMING_RULES.find((r) => r.id === 'loyal_high_value')?.name).toBe('忠诚高消费客户');
  });
});

describe('namesInTodaysWords', () => {
  it('renames the named fields of a stored document (the export of a history entry written before the rename), nothing else', () => {
    // Old stored data on purpose: a segment_history entry of a pass before session 21.
    const doc = { _id: 'p1:o1', fromName: '高价值忠诚客户·近期高消费', toName: '沉睡/流失风险', note: '高价值忠诚客户', from: 6 };
    expect(namesInTodaysWords(doc, ['fromName', 'toName'])).toEqual({ ...doc, fromName: '忠诚高消费客户·近期高消费' });
    expect(doc.fromName).toBe('高价值忠诚客户·近期高消费'); // the stored document is not changed
    const today = { segmentName: '忠诚高消费客户', segment: 6 };
    expect(namesInTodaysWords(today, ['segmentName'])).toBe(today);
    expect(namesInTodaysWords({ fromName: null, toName: 3 }, ['fromName', 'toName'])).toEqual({ fromName: null, toName: 3 });
  });
});
