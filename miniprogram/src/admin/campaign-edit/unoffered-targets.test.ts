import { targetDisplayName } from '../../../../cloudfunctions/common/segments/display-name';
import { unofferedTargets, withFound } from './unoffered-targets';

describe('unofferedTargets', () => {
  const opts = {
    segments: [{ id: 1, name: '新客' }, { id: 'x2', name: '老客' }],
    ruleSegments: [{ id: 'rule:rule_abc123', name: '高消费客户', version: 1 }],
  };

  it('finds the retired model segment and the deleted rule among the selected targets, in order', () => {
    expect(unofferedTargets([1, 7, 'rule:rule_abc123', 'rule:rule_gone00', 'x2'], opts)).toEqual([7, 'rule:rule_gone00']);
    expect(unofferedTargets(['1'], opts)).toEqual([]); // an id stored as text is still offered
  });

  it('names them for the chip staff tap to remove them, never by id', () => {
    expect(unofferedTargets([7, 'rule:rule_gone00'], opts).map((t) => targetDisplayName(t, opts))).toEqual([
      '分群 7',
      '已删除的自定义分群',
    ]);
  });
});

describe('withFound', () => {
  it('adds the rules a search found after the offered ones, each once', () => {
    const a = { id: 'rule:a', name: 'A', version: 1 };
    const b = { id: 'rule:b', name: 'B', version: 2 };
    expect(withFound([a], [b, a, b])).toEqual([a, b]);
    expect(withFound([], [])).toEqual([]);
  });
});
