/**
 * The model registry: modules register what they expect of a model (`registerModel`), and
 * `getModel(name)` answers the checked model that should serve now. A session is created ONCE per
 * container per version (module-level promises, shared by every invocation).
 *
 * With a model source configured (`configureModelSource`), the serving version comes from the
 * model store's pointer, re-read at most once per {@link POINTER_TTL_MS} per model, so a warm
 * container notices a promotion or a rollback within a minute. If that version cannot be loaded
 * (download, sha256, meta, feature hash, session IO) the registry serves the pointer's `lastGood`,
 * then the shipped model, reports the failure to the store, and says which version serves and why
 * (`LoadedModel.version/source/why`, `servingModels()`).
 *
 * Cold start: the shipped session is created in parallel with the pointer read, so a shop without
 * a version of its own pays max(read, load) — not read + load — before its first answer.
 */
import { ModelLoadError } from './errors';
import { loadModelDir, type LoadedModel } from './load-model';
import type { ModelDefinition } from './model-checks';
import { fetchVersionDir, type ModelSource } from './model-source';
import { resolveModelDir } from './segmentation-model';

export type { LoadedModel } from './load-model';

/**
 * How long a container trusts the pointer it read. 60 s: a staff rollback or a promotion takes
 * effect within a minute everywhere, and a container answering 100 calls/s pays one database
 * read per 6,000 calls (a timer function, once per tick).
 */
export const POINTER_TTL_MS = 60_000;

const definitions = new Map<string, ModelDefinition>();
/** Loaded sessions by `<name>@<version>` (`shipped` for the bundled one); failures are not kept. */
const sessions = new Map<string, Promise<LoadedModel>>();
/** Per model: what serves now and when the pointer was last read. */
const current = new Map<string, { model: Promise<LoadedModel>; checkedAt: number }>();
let source: ModelSource | null = null;
let ttlMs = POINTER_TTL_MS;
let clock: () => number = Date.now;

/** Declares what the code expects of model `def.name`. Re-registering replaces the definition. */
export function registerModel(def: ModelDefinition): void {
  definitions.set(def.name, def);
}

/** Names of the registered models. */
export function registeredModels(): string[] {
  return [...definitions.keys()];
}

/** Serve shop versions from `src` (null: shipped models only). Forgets what was loaded. */
export function configureModelSource(
  src: ModelSource | null,
  opts: { ttlMs?: number; now?: () => number } = {},
): void {
  source = src;
  ttlMs = opts.ttlMs ?? POINTER_TTL_MS;
  clock = opts.now ?? Date.now;
  forgetModels();
}

/** The checked model `name` that should serve now. */
export function getModel(name: string): Promise<LoadedModel> {
  const now = clock();
  const cur = current.get(name);
  if (cur && (!source || now - cur.checkedAt < ttlMs)) return cur.model;
  const model = cur ? refresh(name, cur.model) : resolve(name, startShipped(name));
  const entry = { model, checkedAt: now };
  current.set(name, entry);
  // A failure is not kept: the next call tries again.
  model.catch(() => current.get(name) === entry && current.delete(name));
  return model;
}

/** What serves per model in this container (for logs and the status action). */
export async function servingModels(): Promise<
  Array<Pick<LoadedModel, 'name' | 'version' | 'source' | 'why' | 'loadMs'>>
> {
  const out = [];
  for (const [, c] of current) {
    const m = await c.model.catch(() => null);
    if (m) out.push({ name: m.name, version: m.version, source: m.source, why: m.why, loadMs: m.loadMs });
  }
  return out;
}

/** Drops cached sessions and pointers (tests; or after a models dir change). */
export function forgetModels(): void {
  sessions.clear();
  current.clear();
}

function definition(name: string): ModelDefinition {
  const def = definitions.get(name);
  if (!def)
    throw new ModelLoadError(
      name,
      'not_registered',
      `no code registered this model (known: ${registeredModels().join(', ') || 'none'})`,
    );
  return def;
}

function cached(key: string, load: () => Promise<LoadedModel>): Promise<LoadedModel> {
  let p = sessions.get(key);
  if (!p) {
    p = load();
    sessions.set(key, p);
    p.catch(() => sessions.get(key) === p && sessions.delete(key));
  }
  return p;
}

function startShipped(name: string): Promise<LoadedModel> {
  return cached(`${name}@shipped`, async () => {
    const def = definition(name);
    const dir = resolveModelDir(name);
    return loadModelDir(def, dir, {
      version: 'shipped',
      source: 'shipped',
      why: 'shipped model (no shop version)',
    });
  });
}

function loadVersion(src: ModelSource, name: string, version: string, why: string): Promise<LoadedModel> {
  return cached(`${name}@${version}`, async () => {
    const def = definition(name);
    const dir = await fetchVersionDir(src, name, version);
    return loadModelDir(def, dir, { version, source: 'store', why });
  });
}

type Pointer = Awaited<ReturnType<ModelSource['pointer']>>;

const relabel = (m: LoadedModel, why: string): LoadedModel => (m.why === why ? m : { ...m, why });

/** Serve the pointer's version, else lastGood, else the shipped model (whose load may already run). */
async function resolve(name: string, shipped: Promise<LoadedModel>, known?: Pointer): Promise<LoadedModel> {
  const src = source;
  if (!src) return shipped;
  shipped.catch(() => undefined); // awaited below only if needed
  let pointer: Pointer;
  try {
    pointer = known !== undefined ? known : await src.pointer(name);
  } catch (e) {
    console.error(`[registry] ${name}: cannot read the model pointer, serving the shipped model`, e);
    return relabel(await shipped, `shipped model (model store unreadable: ${(e as Error).message})`);
  }
  if (!pointer?.serving) return shipped;
  const failures: string[] = [];
  for (const [version, role] of [
    [pointer.serving, 'serving version'],
    [pointer.lastGood, 'last good version'],
  ] as const) {
    if (!version) continue;
    const why = failures.length ? `fallback to ${role}: ${failures.join('; ')}` : role;
    try {
      return relabel(await loadVersion(src, name, version, why), why);
    } catch (e) {
      const reason = e instanceof ModelLoadError ? e.reason : 'session_failed';
      failures.push(`${version} failed (${reason})`);
      console.error(`[registry] ${name}: version ${version} failed to load`, e);
      await src
        .reportLoadFailure(name, version, reason, (e as Error).message)
        .catch((err) => console.error(`[registry] ${name}: cannot report the load failure`, err));
    }
  }
  return relabel(await startShipped(name), `fallback to the shipped model: ${failures.join('; ')}`);
}

/** After the TTL: re-read the pointer; keep the current model if it still serves. */
async function refresh(name: string, previous: Promise<LoadedModel>): Promise<LoadedModel> {
  const prev = await previous.catch(() => null);
  const src = source;
  if (!src) return prev ?? startShipped(name);
  let pointer: Pointer;
  try {
    pointer = await src.pointer(name);
  } catch (e) {
    console.error(
      `[registry] ${name}: cannot re-read the model pointer, keeping ${prev?.version ?? 'nothing'}`,
      e,
    );
    return prev ?? startShipped(name);
  }
  // A fallback is retried every TTL: the failure may have been a passing download error.
  if (prev && prev.version === (pointer?.serving ?? 'shipped') && !prev.why.startsWith('fallback'))
    return prev;
  return resolve(name, startShipped(name), pointer);
}
