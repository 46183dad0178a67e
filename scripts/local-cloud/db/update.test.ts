import { applyUpdate } from './update';

describe('applyUpdate refuses what MongoDB refuses', () => {
  it('applies $inc on numbers and missing fields', () => {
    const { doc } = applyUpdate({ _id: 'a', n: 1, d: { k: 2 } }, { $inc: { n: 2, 'd.k': 1, 'd.j': 5, m: 1 } }, false, 'faq');
    expect(doc).toEqual({ _id: 'a', n: 3, d: { k: 3, j: 5 }, m: 1 });
  });

  it('fails $inc on a string instead of silently skipping it', () => {
    expect(() => applyUpdate({ _id: 'a', rev: 's' }, { $inc: { rev: 1 } }, false, 'faq')).toThrow(/non-numeric/);
  });

  it('fails a path through a scalar', () => {
    expect(() => applyUpdate({ _id: 'a', d: 'x' }, { $inc: { 'd.k': 1 } }, false, 'faq')).toThrow(/cannot create field 'k'/);
    expect(() => applyUpdate({ _id: 'a', d: 3 }, { $set: { 'd.k': 1 } }, false, 'faq')).toThrow(/cannot create field/);
  });

  it('fails $inc and $mul on null, and a creating operator through a null parent (MongoDB: errors; mingo: skipped, or created)', () => {
    expect(() => applyUpdate({ _id: 'a', n: null }, { $inc: { n: 1 } }, false, 'faq')).toThrow(/non-numeric/);
    expect(() => applyUpdate({ _id: 'a', n: null }, { $mul: { n: 2 } }, false, 'faq')).toThrow(/non-numeric/);
    expect(() => applyUpdate({ _id: 'a', p: null }, { $set: { 'p.q': 1 } }, false, 'faq')).toThrow(/cannot create field 'q' in element \{p: null\}/);
    expect(() => applyUpdate({ _id: 'a', p: null }, { $inc: { 'p.n': 1 } }, false, 'faq')).toThrow(/cannot create field 'n'/);
    // Removing through null changes nothing and is no error; replacing the null itself is a plain $set.
    expect(applyUpdate({ _id: 'a', p: null }, { $unset: { 'p.q': '' } }, false, 'faq')).toMatchObject({ doc: { _id: 'a', p: null }, modified: false });
    expect(applyUpdate({ _id: 'a', p: null }, { $set: { p: { q: 1 } } }, false, 'faq').doc).toEqual({ _id: 'a', p: { q: 1 } });
  });

  it('fails $inc by a non-number', () => {
    expect(() => applyUpdate({ _id: 'a', n: 1 }, { $inc: { n: '1' } }, false, 'faq')).toThrow(/needs a number/);
  });

  it('still allows $set over a scalar and array index paths', () => {
    expect(applyUpdate({ _id: 'a', d: 'x' }, { $set: { d: { k: 1 } } }, false, 'faq').doc).toEqual({ _id: 'a', d: { k: 1 } });
    expect(applyUpdate({ _id: 'a', l: [1, 2] }, { $inc: { 'l.1': 5 } }, false, 'faq').doc).toEqual({ _id: 'a', l: [1, 7] });
  });
});
