/**
 * Text normalisation shared by sentiment training and inference: full-width → half-width,
 * lower case, whitespace collapsed, long runs of one character shortened (好好好好好 → 好好好).
 * Traditional/simplified conversion is deliberately not done (the data is simplified Chinese).
 */

/** Normalises one review text. Pure and deterministic; golden tests pin its output. */
export function normalizeText(text: string, maxRepeat = 3): string {
  const out: number[] = [];
  let prev = -1;
  let run = 0;
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e)
      c -= 0xfee0; // full-width ASCII block → ASCII
    else if (c === 0x3000) c = 0x20; // ideographic space
    if (c >= 0x41 && c <= 0x5a) c += 0x20; // A-Z → a-z (other scripts: see below)
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xa0) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) {
      out.push(0x20);
      pendingSpace = false;
      prev = 0x20;
      run = 1;
    }
    if (c === prev) {
      if (++run > maxRepeat) continue;
    } else {
      prev = c;
      run = 1;
    }
    // Only scripts below U+2C00 have case here (CJK has none; full-width Latin was mapped above).
    // A lower-cased char that is not a single code unit (rare, e.g. İ) is kept as is.
    if (c >= 0x80 && c < 0x2c00) {
      const l = String.fromCharCode(c).toLowerCase();
      if (l.length === 1) c = l.charCodeAt(0);
    }
    out.push(c);
  }
  let s = '';
  for (let i = 0; i < out.length; i += 4096) s += String.fromCharCode.apply(null, out.slice(i, i + 4096));
  return s;
}
