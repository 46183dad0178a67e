/** Progress output for long training stages (cli-progress; plain periodic lines when not a TTY). */
import cliProgress from 'cli-progress';

/** A running stage: advance with `update`, end with `stop`. */
export interface Stage {
  update(done: number, note?: string): void;
  stop(): void;
}

/** Start a stage of `total` steps. */
export function stage(name: string, total: number): Stage {
  const bar = new cliProgress.SingleBar(
    {
      format: `${name.padEnd(22)} [{bar}] {percentage}% | {value}/{total} {note}`,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { note: '' });
  return {
    update: (done, note = '') => bar.update(done, { note }),
    stop: () => bar.stop(),
  };
}
