/**
 * The CSV guard against spreadsheet formulas (csv-field.ts): read back the way a spreadsheet
 * reads a file (an RFC 4180 parser), no cell may begin a formula, text keeps every character it
 * had, and numbers stay numbers.
 */
import fc from 'fast-check';
import { parseCsv } from '../../../scripts/eval/csv';
import { csvField, csvRow, startsFormula } from './csv-field';

/** Text that often begins with what Excel and WPS run, and carries what CSV must quote. */
const risky = fc
  .tuple(
    fc.constantFrom('', '=', '+', '-', '@', '\t', '\r', ' =', '  +', '#', "'", '"'),
    fc.string({ unit: fc.constantFrom('a', '1', '.', ',', '"', '\n', '\r', '=', '-', '好', ' ', 'e') }),
  )
  .map(([head, rest]) => head + rest);

describe('csvField', () => {
  it('never lets a text cell begin a formula, and keeps the text', () => {
    fc.assert(
      fc.property(fc.array(risky, { minLength: 1, maxLength: 5 }), (cells) => {
        const rows = parseCsv(csvRow(cells) + '\n');
        expect(rows).toHaveLength(1);
        expect(rows[0]).toHaveLength(cells.length);
        rows[0].forEach((cell, i) => {
          expect(startsFormula(cell)).toBe(false);
          expect(cell).toBe(startsFormula(cells[i]) ? `'${cells[i]}` : cells[i]);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('guards what OWASP lists, leading spaces too', () => {
    for (const s of ['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1', ' =1', '=HYPERLINK("http://x","点")'])
      expect(parseCsv(csvField(s))[0][0]).toBe(`'${s}`);
    expect(csvField('=cmd|"/c calc"!A0')).toBe('"\'=cmd|""/c calc""!A0"');
  });

  it('leaves numbers numeric: a refund of −12.50 still sums', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), (x) => {
        const cell = csvField(x, 4);
        expect(cell).toBe(String(Math.round(x * 1e4) / 1e4));
        expect(Number(cell) === Math.round(x * 1e4) / 1e4).toBe(true); // -0 prints as 0
        expect(csvField(cell)).toBe(cell); // the same figure as text stays unguarded
      }),
    );
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField('-12.50')).toBe('-12.50');
    expect(csvField('-1.5e3')).toBe('-1.5e3');
    expect(csvField('-12.50-1')).toBe('"\'-12.50-1"');
  });

  it('quotes what RFC 4180 needs and leaves plain text alone', () => {
    expect(csvField('买家,"高"')).toBe('"买家,""高"""');
    expect(csvField('甲\n乙')).toBe('"甲\n乙"');
    expect(csvField('茶叶')).toBe('茶叶');
    expect(csvField('# 说明')).toBe('# 说明');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });
});
