/**
 * How a run's artifact map is stored. Artifact names are file names (`histories-0.json.gz`), and
 * a stored field name may not contain `.` or start with `$` on MongoDB before 5.0 ("The dotted
 * field … is not valid for storage"); which version serves a CloudBase environment is not
 * documented. So the map is stored with each name escaped (`~` + two hex digits for `~`, `.` and
 * `$`), and read back unescaped. A run document written before the escape (plain names, on a
 * server that took them) reads back unchanged: the product's artifact names never contain `~`.
 */

/** Characters a stored key may not carry as they are (`~` is the escape itself). */
const ESCAPED = /[~.$]/g;
const ESCAPE = /~([0-9a-f]{2})/g;

/** The stored field name of artifact `name`: no `.`, no `$`, reversible by {@link artifactName}. */
export const storedArtifactKey = (name: string): string =>
  name.replace(ESCAPED, (c) => `~${c.charCodeAt(0).toString(16)}`);

/** The artifact name of stored field name `key` (a plain pre-escape name is returned as it is). */
export const artifactName = (key: string): string =>
  key.replace(ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

const mapKeys = (m: Record<string, string>, f: (k: string) => string): Record<string, string> =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [f(k), v]));

/** Name → fileID as stored (escaped keys). */
export const storedArtifacts = (m: Record<string, string>) => mapKeys(m, storedArtifactKey);

/** Name → fileID as read from a stored run (escaped or old plain keys). */
export const readArtifacts = (m: Record<string, string> | undefined) => mapKeys(m ?? {}, artifactName);
