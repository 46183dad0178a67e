/**
 * Running the local cloud from a terminal: print where it is, stop cleanly on Ctrl-C / SIGTERM
 * (instances killed, store closed), force-quit on a second Ctrl-C.
 */

/** Something that can be closed. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * How long after the first signal a second one is the same stop delivered again, not a second
 * Ctrl-C. A signal to the whole process group (a terminal's Ctrl-C, `kill -- -PGID`) reaches the
 * script directly and again as npm and tsx relay it; when closing takes a while, a relayed copy
 * lands mid-stop. A person pressing again to force-quit takes longer.
 */
export const REPEAT_SIGNAL_MS = 1000;

/**
 * The signal handler of {@link closeOnSignals}, with its exit and clock injectable: the first
 * signal closes `target` and exits; another within {@link REPEAT_SIGNAL_MS} is ignored;
 * any later one exits at once.
 */
export function signalHandler(
  target: Closable,
  log: (line: string) => void,
  exit: (code: number) => void = (code) => process.exit(code),
  now: () => number = Date.now,
): (signal: NodeJS.Signals) => void {
  let first: { at: number } | null = null;
  return (signal) => {
    if (first) {
      // npm, tsx and the terminal may each pass the same stop on, as SIGINT or SIGTERM.
      if (now() - first.at < REPEAT_SIGNAL_MS) return;
      log('再次收到中断信号，立即退出。');
      exit(130);
      return;
    }
    first = { at: now() };
    log(`\n收到 ${signal}，正在停止本地云（结束函数实例、关闭数据库）…`);
    const force = setTimeout(() => {
      log('停止超时，强制退出。');
      exit(1);
    }, 10_000);
    force.unref();
    target.close().then(
      () => {
        log('已停止。数据保存在原处，下次启动会继续使用。');
        exit(0);
      },
      (err: unknown) => {
        log(`停止时出错：${(err as Error).message}`);
        exit(1);
      },
    );
  };
}

/** Closes `target` on SIGINT/SIGTERM and exits; a second Ctrl-C exits at once. */
export function closeOnSignals(target: Closable, log: (line: string) => void = (l) => console.log(l)): void {
  const stop = signalHandler(target, log);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Prints a line with the time elapsed since `t0`. */
export function elapsed(t0: number): string {
  const s = (Date.now() - t0) / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
