/**
 * One local cloud per data dir. The database keeps an in-memory mirror, so a second process on the
 * same LMDB files would never see the first one's writes (and vice versa): refuse it clearly.
 *
 * The lock is an advisory `flock(LOCK_EX | LOCK_NB)` on `<dataDir>/LOCK`, held through an open file
 * descriptor. The kernel drops it the moment the holder's descriptors close — on exit, on kill -9,
 * even while the dead process is still an unreaped zombie — so a restart right after a crash never
 * waits on a stale lock. (A pid file could not tell a dying or zombie holder from a live one.)
 * The file also carries the holder's pid, for the message only; the lock itself is the truth.
 */
import fs from 'node:fs';
import path from 'node:path';
import { flockSync } from 'fs-ext-extra-prebuilt';

/** Raised when another live process holds the data dir. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    /** The holder's pid as it wrote it, or null when it has not written it yet. */
    readonly pid: number | null,
  ) {
    super(
      `data dir ${dataDir} is in use by process ${pid ?? '(starting up)'} ` +
        '(one local cloud per data dir; stop it or use another dir)',
    );
  }
}

/** The lock file's name inside the data dir. */
export const LOCK_FILE = 'LOCK';

function holderPid(fd: number): number | null {
  const buf = Buffer.alloc(32);
  const n = fs.readSync(fd, buf, 0, buf.length, 0);
  const pid = Number(buf.subarray(0, n).toString('utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Take the lock of `dataDir`; returns its release function. Throws {@link DataDirLockedError}. */
export function lockDataDir(dataDir: string): () => void {
  // Not truncated on open: a refused contender must still read the holder's pid.
  const fd = fs.openSync(path.join(dataDir, LOCK_FILE), fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
  try {
    flockSync(fd, 'exnb');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') {
      fs.closeSync(fd);
      throw err;
    }
    const pid = holderPid(fd);
    fs.closeSync(fd);
    throw new DataDirLockedError(dataDir, pid);
  }
  fs.ftruncateSync(fd, 0);
  fs.writeSync(fd, String(process.pid), 0);
  fs.rmSync(path.join(dataDir, 'LOCK.pid'), { force: true }); // the pid-file lock this replaced
  let released = false;
  return () => {
    if (released) return;
    released = true;
    fs.ftruncateSync(fd, 0);
    fs.closeSync(fd); // closing the last descriptor drops the flock
  };
}
