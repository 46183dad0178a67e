import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { maxRefitBuyers, memoryRefusal, memoryToSet, refitMemoryMb } from './memory-budget';

it('the most buyers a memory takes is the inverse of the need per buyer', () => {
  for (const mb of [256, 512, 1024, 3072]) {
    const n = maxRefitBuyers(mb);
    expect(refitMemoryMb(n)).toBeLessThanOrEqual(mb);
    expect(refitMemoryMb(n + 1000)).toBeGreaterThan(mb);
    expect(memoryToSet(n)).toBeLessThanOrEqual(mb);
  }
  expect(maxRefitBuyers(64)).toBe(0);
});

it('refuses only what does not fit, and names a CloudBase size that does', () => {
  expect(memoryRefusal(1000, 256)).toBeNull();
  expect(memoryRefusal(1_000_000, undefined)).toBeNull(); // no reading of the memory: not checked
  const r = memoryRefusal(100_000, 256)!;
  expect(r).toMatchObject({ outcome: 'too_big_for_memory', customers: 100_000, memoryMb: 256 });
  expect(r.needMb).toBe(refitMemoryMb(100_000));
  const set = memoryToSet(100_000);
  expect(set % 128).toBe(0);
  expect(refitMemoryMb(100_000)).toBeLessThanOrEqual(set);
  expect(r.summary).toBe(`100000 位客户训练约需 ${r.needMb} MB 内存，value 云函数只有 256 MB：请在云开发控制台把它的内存调到 ${set} MB`);
  expect(memoryRefusal(5_000_000, 3072)!.summary).toMatch(/超过云函数最大的 3072 MB，暂不训练$/);
});

it('reads the container size from the heap Node was given (as the local cloud and a real container set it)', () => {
  const code = `console.log(require(${JSON.stringify(path.join(__dirname, 'memory-budget.ts'))}).instanceMemoryMb())`;
  for (const mb of [256, 1024]) {
    const argv = [`--max-old-space-size=${mb / 2}`, '--require', 'tsx/cjs', '-e', code];
    const out = execFileSync(process.execPath, argv, { encoding: 'utf8', cwd: path.resolve(__dirname, '../../..') });
    expect(Number(out.trim()) / mb).toBeCloseTo(1, 1);
  }
});
