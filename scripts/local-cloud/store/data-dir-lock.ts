/**
 * One local cloud per data dir. The database keeps an in-memory mirror, so a second process on the
 * same LMDB files would never see the first one's writes (and vice versa): refuse it clearly. A lock
 * left by a killed process (kill -9) is taken over once its pid is gone.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Raised when another live process holds the data dir. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`data dir ${dataDir} is in use by process ${pid} (one local cloud per data dir; stop it or use another dir)`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the lock of `dataDir`; returns its release function. */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'LOCK.pid');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (!Number.isInteger(pid) || pid <= 0 || (pid !== process.pid && !alive(pid))) {
        fs.rmSync(file, { force: true }); // stale: left by a killed process
        continue;
      }
      throw new DataDirLockedError(dataDir, pid);
    }
  }
  throw new Error(`could not lock data dir ${dataDir}`);
}
