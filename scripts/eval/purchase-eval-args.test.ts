import { parsePurchaseEvalArgs } from './purchase-eval-args';

const BASE = ['--file', 'f.csv', '--id', 'c', '--date', 'd', '--calibration-end', '1997-07-01', '--holdout-end', '1997-09-30'];

describe('parsePurchaseEvalArgs', () => {
  it("takes a command's boolean flags with their dashes and its value options keyed without", () => {
    const a = parsePurchaseEvalArgs([...BASE, '--actual', '--half', 'A'], 'usage', ['--actual'], ['half']);
    expect([...a.flags]).toEqual(['--actual']);
    expect(a.values.get('half')).toBe('A');
  });

  it('refuses a flag list in the wrong form, even when the command line does not use it', () => {
    expect(() => parsePurchaseEvalArgs(BASE, 'usage', ['actual'])).toThrow('boolean flags are named with their dashes, value options without: actual');
    expect(() => parsePurchaseEvalArgs(BASE, 'usage', [], ['--half'])).toThrow('value options without: --half');
  });
});
