import { compiledQuery } from './compiled-query';

describe('compiledQuery', () => {
  it('compiles one filter once and answers as mingo does', () => {
    const q = compiledQuery({ status: { $in: ['a', 'b'] }, 'm.x': 1 });
    expect(compiledQuery({ status: { $in: ['a', 'b'] }, 'm.x': 1 })).toBe(q);
    expect(q.test({ status: 'a', m: { x: 1 } })).toBe(true);
    expect(q.test({ status: 'c', m: { x: 1 } })).toBe(false);
  });

  it('keeps apart what JSON would write alike: a Date and its ISO string, undefined and a missing key, NaN and null', () => {
    const d = new Date(Date.UTC(2026, 11, 6));
    const byDate = compiledQuery({ at: d });
    const byText = compiledQuery({ at: d.toISOString() });
    expect(byText).not.toBe(byDate);
    expect(byDate.test({ at: new Date(d.getTime()) })).toBe(true);
    expect(byText.test({ at: new Date(d.getTime()) })).toBe(false);
    expect(compiledQuery({ a: 1, b: undefined })).not.toBe(compiledQuery({ a: 1 }));
    expect(compiledQuery({ a: NaN })).not.toBe(compiledQuery({ a: null }));
    expect(compiledQuery({ a: /x/i })).not.toBe(compiledQuery({ a: /x/ }));
  });

  it('compiles a filter that reads the clock or runs code every time', () => {
    const f = { $expr: { $gt: ['$a', 1] } };
    expect(compiledQuery(f)).not.toBe(compiledQuery(f));
  });
});
