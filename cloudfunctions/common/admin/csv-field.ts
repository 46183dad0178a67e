/**
 * The one formatter of every CSV the product writes (staff's segment and rule-segment exports).
 *
 * Why a guard: staff open these files in Excel or WPS, which run a cell that begins with `=`, `+`,
 * `-` or `@` (or a tab or carriage return before one) as a formula — CSV injection (OWASP). Text
 * that reaches a cell can come from outside staff's hands (a category name from a supplier's
 * catalog feed, a name typed with a comma that splits the line), so every text cell that would
 * start a formula gets a leading `'`, which makes the cell text, and is quoted. A reader may show
 * that `'` (typed into a cell it is hidden; in an opened CSV some programs keep it): OWASP's
 * accepted cost of the guard. Numbers stay numbers: a number, or text that is exactly a decimal
 * number (`-12.50`), cannot run anything, and a guarded amount would no longer sum.
 */

/** Characters a spreadsheet may read as the start of a formula (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Text that is a plain decimal number: left as it is, so the spreadsheet reads a number. */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
/** Fields that need RFC 4180 quoting. */
const NEEDS_QUOTES = /[",\r\n]/;

/** Whether a spreadsheet could read text `s` as a formula (leading spaces are skipped by some). */
export function startsFormula(s: string): boolean {
  return FORMULA_START.test(s.replace(/^ +/, '')) && !PLAIN_NUMBER.test(s);
}

/**
 * One CSV field: `null`/`undefined` empty, a number as it prints (`digits`: rounded to that many
 * decimals), text quoted where RFC 4180 needs it and guarded where a spreadsheet would run it.
 */
export function csvField(v: unknown, digits?: number): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (digits === undefined) return String(v);
    const f = 10 ** digits;
    return String(Math.round(v * f) / f);
  }
  const s = String(v);
  if (startsFormula(s)) return `"'${s.replace(/"/g, '""')}"`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (no line break) of `cells`, each through {@link csvField}. */
export function csvRow(cells: readonly unknown[], digits?: number): string {
  return cells.map((c) => csvField(c, digits)).join(',');
}
