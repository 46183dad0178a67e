import { REPEAT_SIGNAL_MS, signalHandler } from './lifecycle';

/** A target whose close resolves when the test says so. */
function closable() {
  let done!: () => void;
  const closed = new Promise<void>((r) => (done = r));
  const target = { calls: 0, close: () => (target.calls++, closed) };
  return { target, done };
}

describe('stopping the local cloud on a signal', () => {
  it('takes a group signal delivered again by npm/tsx while closing as one clean stop', async () => {
    // `kill -TERM -- -PGID` of a cloud that had run for half an hour: the relayed copy arrived
    // mid-stop, read as a second Ctrl-C, and force-quit with 130 (再次收到中断信号，立即退出).
    const { target, done } = closable();
    const lines: string[] = [];
    const exits: number[] = [];
    let t = 0;
    const stop = signalHandler(target, (l) => lines.push(l), (c) => exits.push(c), () => t);
    stop('SIGINT');
    t += 5;
    stop('SIGINT');
    expect(exits).toEqual([]);
    done();
    await new Promise((r) => setImmediate(r));
    expect(target.calls).toBe(1);
    expect(exits).toEqual([0]);
    expect(lines.join('\n')).toContain('已停止');
    expect(lines.join('\n')).not.toContain('立即退出');
  });

  it('force-quits on a second Ctrl-C pressed later, while the stop is still running', () => {
    const { target } = closable();
    const exits: number[] = [];
    let t = 0;
    const stop = signalHandler(target, () => undefined, (c) => exits.push(c), () => t);
    stop('SIGINT');
    t += REPEAT_SIGNAL_MS + 1;
    stop('SIGINT');
    expect(exits).toEqual([130]);
    expect(target.calls).toBe(1);
  });
});
