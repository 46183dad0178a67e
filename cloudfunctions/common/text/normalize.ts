/**
 * Text normalisation shared by sentiment training and inference: full-width → half-width,
 * lower case, whitespace collapsed, long runs of one character shortened (好好好好好 → 好好好).
 * Traditional/simplified conversion is deliberately not done (the data is simplified Chinese).
 */

/** Normalises one review text. Pure and deterministic; golden tests pin its output. */
export function normalizeText(text: string, maxRepeat = 3): string {
  let out = '';
  let prev = -1;
  let run = 0;
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0; // full-width ASCII block → ASCII
    else if (c === 0x3000) c = 0x20; // ideographic space
    if (c >= 0x41 && c <= 0x5a) c += 0x20; // A-Z → a-z (other scripts: see below)
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xa0) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) {
      out += ' ';
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
    out += c < 0x80 ? String.fromCharCode(c) : String.fromCharCode(c).toLowerCase();
  }
  return out;
}
