/**
 * `npm run eval:sentiment -- FILE.csv` end to end (a real child process running the shipped model):
 * RFC 4180 quoting, both header shapes, the last-line JSON contract, and a clear error.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const run = (file: string) =>
  execFileSync(TSX, ['scripts/eval/sentiment.ts', file], { cwd: ROOT, encoding: 'utf8' });

describe('eval:sentiment CLI', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qx-eval-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the metrics JSON as the last line (label,review with quoted fields)', () => {
    const f = path.join(dir, 'a.csv');
    fs.writeFileSync(
      f,
      'label,review\r\n1,"质量很好，""物流""也快"\r\n0,"太差了,\n根本不能用"\r\n1,非常满意，下次还买\r\n0,味道很难吃，送得又慢\r\n',
    );
    const last = JSON.parse(run(f).trim().split('\n').pop()!);
    expect(Object.keys(last)).toEqual(['n', 'accuracy', 'f1_pos', 'f1_neg', 'texts_per_s']);
    expect(last.n).toBe(4);
    expect(last.accuracy).toBe(1);
    expect(last.texts_per_s).toBeGreaterThan(0);
  }, 60000);

  it('accepts cat,label,review and prints per-category accuracy', () => {
    const f = path.join(dir, 'b.csv');
    fs.writeFileSync(
      f,
      'cat,label,review\n酒店,1,房间干净，服务周到\n酒店,0,隔音太差，一晚没睡好\n书籍,1,内容精彩\n',
    );
    const out = run(f);
    expect(out).toMatch(/酒店\tn=2/);
    expect(JSON.parse(out.trim().split('\n').pop()!).n).toBe(3);
  }, 60000);

  it('fails clearly on a bad header or a missing file', () => {
    const f = path.join(dir, 'c.csv');
    fs.writeFileSync(f, 'text,score\nx,1\n');
    const bad = spawnSync(TSX, ['scripts/eval/sentiment.ts', f], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/header must be "label,review" or "cat,label,review"/);
    const missing = spawnSync(TSX, ['scripts/eval/sentiment.ts', path.join(dir, 'nope.csv')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
  }, 60000);
});
