import { carryPerSourceSection, PER_SOURCE_END, PER_SOURCE_START, perSourceSection, replacePerSourceSection } from './segment-report-section';
import { sourcePurity } from './segment-sources';

describe('per-source section of the segmentation report', () => {
  it('is appended once, then replaced in place', () => {
    const once = replacePerSourceSection('# Model\n\ntext\n', 'table v1');
    expect(once).toBe(`# Model\n\ntext\n\n${PER_SOURCE_START}\ntable v1\n${PER_SOURCE_END}\n`);
    const twice = replacePerSourceSection(`${once}\n## After\n`, 'table v2');
    expect(twice).toContain(`${PER_SOURCE_START}\ntable v2\n${PER_SOURCE_END}`);
    expect(twice).not.toContain('table v1');
    expect(twice.endsWith('## After\n')).toBe(true);
  });

  it('survives a retrain: the fresh report gets the old section, or stays as it is without one', () => {
    const old = replacePerSourceSection('# Old model\n', 'measured table');
    const carried = carryPerSourceSection(old, '# New model\n');
    expect(carried.startsWith('# New model')).toBe(true);
    expect(perSourceSection(carried)).toBe(perSourceSection(old));
    expect(carryPerSourceSection('# Old, no section\n', '# New\n')).toBe('# New\n');
    expect(carryPerSourceSection(null, '# New\n')).toBe('# New\n');
  });
});

describe('sourcePurity', () => {
  it('is the share of customers in segments made (≥ 90%) of one origin', () => {
    expect(sourcePurity([0, 0, 1, 1], ['a', 'a', 'a', 'b'])).toBe(0.5);
    expect(sourcePurity([0, 0, 1, 1], ['a', 'b', 'a', 'b'])).toBe(0);
    expect(sourcePurity([0, 0, 1, 1], ['a', 'a', 'b', 'b'])).toBe(1);
  });
});
