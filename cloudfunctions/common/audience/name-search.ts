/**
 * Finding saved rule segments by a piece of their name, on the server. WeChat cloud's database
 * documents regular expressions in a query (`db.RegExp`, or a JS RegExp the SDK encodes the same
 * way); their engine is MongoDB's (PCRE), the local cloud's is JavaScript's. The pattern built here
 * means the same in both: the staff's text is matched literally (every ASCII metacharacter
 * escaped), and Latin letters match either case by a class (`[aA]`) rather than the `i` flag,
 * whose reach beyond ASCII (Unicode case folding, the Kelvin sign matching `k`) differs between
 * engines and between PCRE's UTF modes. No flags at all; Chinese text matches as itself.
 */
export { NAME_SEARCH_MAX, nameSearchText } from '../contracts/name-search';

/** The characters a regular expression gives a meaning outside a class (no flag here adds any). */
const META = /[\\^$.*+?()[\]{}|]/;

/** The pattern of names containing `text` literally, Latin letters in either case (see the file's note). */
export function nameContains(text: string): RegExp {
  let source = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (/^[a-zA-Z]$/.test(ch)) source += `[${lower}${upper}]`;
    else source += META.test(ch) ? `\\${ch}` : ch;
  }
  return new RegExp(source);
}
