import { spawnSync } from 'node:child_process';
import path from 'node:path';

const tsx = path.join(__dirname, '../node_modules/.bin/tsx');
const run = (script: string) =>
  spawnSync(tsx, [path.join(__dirname, script), '--data', '/nonexistent/qx-shared-data'], { encoding: 'utf8', timeout: 100_000 });

describe('commands that read ../shared/data, on a clone without it', () => {
  it.each([
    ['train:sentiment', 'train/sentiment/main.ts', '/nonexistent/qx-shared-data/online_shopping_9cats.csv'],
    ['eval:segment-sources', 'eval/segment-sources.ts', '/nonexistent/qx-shared-data/behavior/cdnow_transactions.csv'],
  ])('%s says in one line what is missing and exits 2, no stack trace', (tool, script, file) => {
    const r = run(script);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(
      `${tool}: no ${file}. This command reads the public data in ../shared/data beside the checkout (or --data DIR); without it npm start still runs a generated demo shop.`,
    );
  });
});
