import { parseReviewsCsv, SentimentDataError, stratifiedSplit } from './data';

describe('parseReviewsCsv', () => {
  it('reads both header shapes with RFC 4180 quoting', () => {
    expect(parseReviewsCsv('label,review\n1,"好,很好"\n', 'w')).toEqual([
      { text: '好,很好', label: 1, cat: 'w', source: 'w' },
    ]);
    expect(parseReviewsCsv('cat,label,review\r\n书籍,0,"差""极了"""\r\n', 's')).toEqual([
      { text: '差"极了"', label: 0, cat: '书籍', source: 's' },
    ]);
  });

  it('names a bad header, a bad label and a short row', () => {
    expect(() => parseReviewsCsv('text,label\nx,1\n', 'f')).toThrow(SentimentDataError);
    expect(() => parseReviewsCsv('label,review\n2,x\n', 'f')).toThrow(/row 2 label "2"/);
    expect(() => parseReviewsCsv('cat,label,review\n1,x\n', 'f')).toThrow(/row 2 has 2 fields/);
  });
});

describe('stratifiedSplit', () => {
  const rows = Array.from({ length: 1000 }, (_, i) => ({ text: `t${i % 950}`, k: i % 3 === 0 ? 'a' : 'b' }));

  it('holds out ~fraction of each stratum, reproducibly, keeping duplicates together', () => {
    const s1 = stratifiedSplit(rows, (r) => r.k, 0.1, 42);
    const s2 = stratifiedSplit(rows, (r) => r.k, 0.1, 42);
    expect(s1.held.map((r) => r.text)).toEqual(s2.held.map((r) => r.text));
    expect(s1.held.length + s1.kept.length).toBe(1000);
    const heldA = s1.held.filter((r) => r.k === 'a').length;
    expect(heldA / rows.filter((r) => r.k === 'a').length).toBeCloseTo(0.1, 1);
    const heldTexts = new Set(s1.held.map((r) => r.text));
    expect(s1.kept.some((r) => heldTexts.has(r.text))).toBe(false);
    expect(stratifiedSplit(rows, (r) => r.k, 0.1, 43).held.map((r) => r.text)).not.toEqual(
      s1.held.map((r) => r.text),
    );
  });
});
