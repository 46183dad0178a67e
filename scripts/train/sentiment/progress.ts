/** cli-progress bars for the long steps (featurisation, training epochs). Quiet when not a TTY. */
import cliProgress from 'cli-progress';

/** A started bar: `tick(n)` sets the absolute value, `stop()` ends it. */
export interface Bar {
  tick(value: number): void;
  stop(): void;
}

/** Starts a bar titled `title` counting to `total`. */
export function startBar(title: string, total: number): Bar {
  const bar = new cliProgress.SingleBar(
    {
      format: `${title.padEnd(28)} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
      noTTYOutput: true,
      notTTYSchedule: 5000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    tick: (v) => bar.update(v),
    stop: () => {
      bar.update(total);
      bar.stop();
    },
  };
}
