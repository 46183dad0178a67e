/**
 * Nesting depth of a JSON text, measured before `JSON.parse` without recursion. JSON nested a few
 * thousand levels deep parses, then overflows the stack of whatever walks it next (validation,
 * structured clone, EJSON): the gateway answered such a body with HTTP 500 "Maximum call stack
 * size exceeded". Refusing it up front turns that into a clear 400.
 */

/** The deepest level of `{`/`[` nesting in `text` (0 for a scalar); brackets inside strings do not count. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return max;
}
