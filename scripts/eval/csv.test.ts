import fc from 'fast-check';
import { CsvParseError, CsvRowReader, DELIMITERS, formatCsv, parseCsv, sniffDelimiter } from './csv';

describe('parseCsv (RFC 4180)', () => {
  it('parses plain, quoted, doubled-quote and multi-line fields', () => {
    const text = 'label,review\r\n1,"好,很好"\n0,"他说""差""\n真的"\r\n1,\n';
    expect(parseCsv(text)).toEqual([
      ['label', 'review'],
      ['1', '好,很好'],
      ['0', '他说"差"\n真的'],
      ['1', ''],
    ]);
  });

  it('handles a missing final newline, a BOM and CR-only line ends', () => {
    expect(parseCsv('\ufeffa,b\rc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('reports an unterminated quote and junk after a closing quote with the line number', () => {
    expect(() => parseCsv('a\n"open,b\n')).toThrow(CsvParseError);
    expect(() => parseCsv('a\n"open,b\n')).toThrow(/line 2/);
    expect(() => parseCsv('"x"y,z')).toThrow(/after a closing quote/);
  });

  it('round-trips any rows through formatCsv (property)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', '好', ',', '"', '\n', '\r', ' ', '1') });
    const rows = fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { maxLength: 8 });
    fc.assert(
      fc.property(rows, (rs) => {
        // A lone empty field on a line is indistinguishable from a blank line; give rows 2+ fields.
        expect(parseCsv(formatCsv(rs))).toEqual(rs);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same rows and line numbers whatever the chunks the text arrives in (property)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', '好', ',', '"', '\n', '\r', ' ', '1') });
    const rows = fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { maxLength: 8 });
    const bom = fc.boolean();
    const cuts = fc.array(fc.nat(), { maxLength: 6 });
    fc.assert(
      fc.property(rows, bom, cuts, fc.constantFrom('\r\n', '\n'), (rs, withBom, at, eol) => {
        const text =
          (withBom ? '\ufeff' : '') + formatCsv(rs).replace(/\r\n(?=(?:[^"]*"[^"]*")*[^"]*$)/g, eol);
        const whole: [string[], number][] = [];
        const r1 = new CsvRowReader((f, line) => whole.push([f, line]));
        r1.push(text);
        r1.end();
        const pieces: [string[], number][] = [];
        const r2 = new CsvRowReader((f, line) => pieces.push([f, line]));
        const points = [...new Set(at.map((k) => k % (text.length + 1)))].sort((x, y) => x - y);
        let from = 0;
        for (const p of points) {
          r2.push(text.slice(from, p));
          from = p;
        }
        r2.push(text.slice(from));
        r2.end();
        expect(pieces).toEqual(whole);
        expect(whole.map(([f]) => f)).toEqual(rs);
      }),
      { numRuns: 400 },
    );
  });

  it('round-trips rows with a semicolon or tab separator, and sniffs it from the header (property)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', '好', ',', ';', '\t', '"', '\n', ' ', '1') });
    const name = fc.string({ unit: fc.constantFrom('a', 'B', '_', ' ', '号'), minLength: 1 });
    fc.assert(
      fc.property(
        fc.constantFrom(...DELIMITERS),
        fc.array(name, { minLength: 2, maxLength: 5 }),
        fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { maxLength: 6 }),
        (d, header, rs) => {
          const text = formatCsv([header, ...rs], d);
          expect(sniffDelimiter(text)).toBe(d);
          expect(parseCsv(text, d)).toEqual([header, ...rs]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('sniffs the header only, outside quotes, and falls back to a comma', () => {
    expect(sniffDelimiter('"a;b",c\n1;2;3;4;5')).toBe(',');
    expect(sniffDelimiter('\ufeffid;date;"amount, EUR"\r\n')).toBe(';');
    expect(sniffDelimiter('id\tdate\n')).toBe('\t');
    expect(sniffDelimiter('id\n1,2,3')).toBe(',');
    expect(sniffDelimiter('')).toBe(',');
  });
});
