/**
 * `npm run eval:sentiment -- FILE.csv` end to end (a real child process running the shipped model):
 * RFC 4180 quoting, both header shapes, the last-line JSON contract, and a clear error.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatCsv } from '../../scripts/eval/csv';
import { syntheticShop } from '../helpers/synthetic-shop';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const run = (...args: string[]) =>
  execFileSync(TSX, ['scripts/eval/sentiment.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
const lastJson = (out: string) => JSON.parse(out.trim().split('\n').pop()!);
const writeShop = (file: string, rows: { label: 0 | 1; text: string }[]) =>
  fs.writeFileSync(file, formatCsv([['label', 'review'], ...rows.map((r) => [String(r.label), r.text])]));

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
    expect(Object.keys(last)).toEqual([
      'n',
      'accuracy',
      'balanced_accuracy',
      'macro_f1',
      'f1_pos',
      'f1_neg',
      'texts_per_s',
    ]);
    expect(last.n).toBe(4);
    expect(last.accuracy).toBe(1);
    expect(last.balanced_accuracy).toBe(1);
    expect(last.macro_f1).toBe(1);
    expect(last.texts_per_s).toBeGreaterThan(0);
  });

  it('accepts cat,label,review and prints per-category accuracy', () => {
    const f = path.join(dir, 'b.csv');
    fs.writeFileSync(
      f,
      'cat,label,review\n酒店,1,房间干净，服务周到\n酒店,0,隔音太差，一晚没睡好\n书籍,1,内容精彩\n',
    );
    const out = run(f);
    expect(out).toMatch(/酒店\tn=2/);
    expect(JSON.parse(out.trim().split('\n').pop()!).n).toBe(3);
  });

  it('--adapt: the guard ships the adapted model when it beats the base on held-back ratings', () => {
    const adapt = path.join(dir, 'adapt.csv');
    const test = path.join(dir, 'test.csv');
    writeShop(adapt, syntheticShop(600, 11));
    writeShop(test, syntheticShop(300, 12));
    const base = lastJson(run(test));
    const out = run('--adapt', adapt, test);
    expect(out).toMatch(/adapt: n=600 .* guard_passed/);
    const last = lastJson(out);
    expect(last).toMatchObject({ n: 300, adapted: true, adapt_n: 600 });
    expect(last.balanced_accuracy).toBeGreaterThan(0.95);
    expect(last.balanced_accuracy).toBeGreaterThan(base.balanced_accuracy + 0.2);
  }, 120000);

  it('--adapt with too few ratings keeps the base model (adapted: false)', () => {
    const adapt = path.join(dir, 'few.csv');
    const test = path.join(dir, 'test2.csv');
    writeShop(adapt, syntheticShop(40, 13));
    writeShop(test, syntheticShop(100, 14));
    const base = lastJson(run(test));
    const last = lastJson(run('--adapt', adapt, test));
    expect(last).toMatchObject({ adapted: false, adapt_n: 40, accuracy: base.accuracy });
  }, 120000);

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
  });
});
