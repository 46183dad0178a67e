/**
 * Keeps each function's bundle (`<buildDir>/<name>/index.js`) and the instance worker up to date.
 * A bundle is rebuilt when any source file that went into it is newer than the bundle
 * (checked at most once a second per function, on cold starts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { bundleFunction } from '../../build/bundle-function';
import type { FunctionDef } from './function-config';

interface Entry {
  file: string;
  inputs: string[];
  version: number;
  checkedAt: number;
}

/** Builds and tracks bundles of the functions of one runtime. */
export class BundleStore {
  private readonly entries = new Map<string, Entry>();
  private readonly building = new Map<string, Promise<Entry>>();

  constructor(private readonly buildDir: string) {}

  /**
   * Resolves when no bundle is being written. Closing a runtime waits for this: esbuild writes
   * its output after the caller has gone, and a test cloud's directory is removed right after
   * close (ENOTEMPTY when a bundle lands in the middle of the removal).
   */
  async settled(): Promise<void> {
    while (this.building.size) await Promise.allSettled([...this.building.values()]);
  }

  /** The compiled instance worker (plain JS, so forks need no TypeScript loader). */
  async buildWorker(): Promise<string> {
    const out = path.join(this.buildDir, '_runtime', 'instance-worker.js');
    await build({
      entryPoints: [path.join(__dirname, 'instance-worker.ts')],
      outfile: out,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'silent',
    });
    return out;
  }

  /** The current bundle of `def`, rebuilding it when its sources changed. */
  async ensure(def: FunctionDef): Promise<{ file: string; version: number }> {
    const e = this.entries.get(def.name);
    const now = Date.now();
    if (e && now - e.checkedAt < 1000) return e;
    if (e && !this.stale(e)) {
      e.checkedAt = now;
      return e;
    }
    let job = this.building.get(def.name);
    if (!job) {
      job = this.rebuild(def).finally(() => this.building.delete(def.name));
      this.building.set(def.name, job);
    }
    return job;
  }

  private stale(e: Entry): boolean {
    for (const f of e.inputs) {
      try {
        if (fs.statSync(f).mtimeMs > e.version) return true;
      } catch {
        return true; // a source file vanished: rebuild (and surface the error if it is needed)
      }
    }
    return false;
  }

  private async rebuild(def: FunctionDef): Promise<Entry> {
    const file = path.join(this.buildDir, def.name, 'index.js');
    const res = await bundleFunction({ srcDir: def.srcDir, outFile: file, sourcemap: false });
    const inputs = [...res.inputs, path.join(def.srcDir, 'config.json')];
    const entry: Entry = { file, inputs, version: fs.statSync(file).mtimeMs, checkedAt: Date.now() };
    this.entries.set(def.name, entry);
    return entry;
  }
}
