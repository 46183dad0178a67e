import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { compareGlibc, ElfFormatError, maxGlibc, requiredVersions } from './elf-glibc';

const ortDir = path.resolve(__dirname, '../../node_modules/onnxruntime-node/bin/napi-v3/linux/x64');
const so = path.join(ortDir, 'libonnxruntime.so.1.16.3');
const hasObjdump = (() => {
  try {
    execFileSync('objdump', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

describe('ELF GLIBC requirements', () => {
  it('orders versions numerically', () => {
    expect(compareGlibc('GLIBC_2.9', 'GLIBC_2.17')).toBeLessThan(0);
    expect(compareGlibc('2.17', '2.17')).toBe(0);
    expect(compareGlibc('GLIBC_2.28', 'GLIBC_2.3.4')).toBeGreaterThan(0);
  });

  it('reads onnxruntime-node 1.16.3 as needing at most glibc 2.16 (runs on the cloud’s 2.17)', () => {
    expect(maxGlibc(so)).toBe('2.16');
    expect(compareGlibc(maxGlibc(path.join(ortDir, 'onnxruntime_binding.node'))!, '2.17')).toBeLessThanOrEqual(0);
  });

  // Without objdump the cross-check is skipped on a developer machine, but must run in CI.
  (hasObjdump || process.env.CI ? it : it.skip)('agrees with objdump -T on every shipped native file', () => {
    if (!hasObjdump) throw new Error('objdump not found (apt-get install -y binutils); CI must run this check');
    for (const f of fs.readdirSync(ortDir)) {
      const text = execFileSync('objdump', ['-T', path.join(ortDir, f)]).toString();
      const fromObjdump = [...new Set(text.match(/GLIBC_[0-9.]+/g) ?? [])].sort();
      const ours = requiredVersions(fs.readFileSync(path.join(ortDir, f))).filter((v) => v.startsWith('GLIBC_'));
      expect(ours).toEqual(fromObjdump);
    }
  });

  it('refuses a non-ELF file', () => {
    expect(() => requiredVersions(Buffer.from('#!/bin/sh\necho hi\n'))).toThrow(ElfFormatError);
  });
});
