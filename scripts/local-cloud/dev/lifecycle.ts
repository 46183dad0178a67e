/**
 * Running the local cloud from a terminal: print where it is, stop cleanly on Ctrl-C / SIGTERM
 * (instances killed, store closed), force-quit on a second Ctrl-C.
 */

/** Something that can be closed. */
export interface Closable {
  close(): Promise<void>;
}

/** Closes `target` on SIGINT/SIGTERM and exits; a second signal exits at once. */
export function closeOnSignals(target: Closable, log: (line: string) => void = (l) => console.log(l)): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log('再次收到中断信号，立即退出。');
      process.exit(130);
    }
    stopping = true;
    log(`\n收到 ${signal}，正在停止本地云（结束函数实例、关闭数据库）…`);
    const force = setTimeout(() => {
      log('停止超时，强制退出。');
      process.exit(1);
    }, 10_000);
    force.unref();
    target.close().then(
      () => {
        log('已停止。数据保存在原处，下次启动会继续使用。');
        process.exit(0);
      },
      (err: unknown) => {
        log(`停止时出错：${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Prints a line with the time elapsed since `t0`. */
export function elapsed(t0: number): string {
  const s = (Date.now() - t0) / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
