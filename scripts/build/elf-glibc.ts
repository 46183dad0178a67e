/**
 * Reads which GLIBC symbol versions an ELF shared object (`.so`, `.node`) requires, from its
 * SHT_GNU_verneed section — the same list `objdump -T` prints, without needing binutils (a
 * developer deploying from WeChat DevTools is often on Windows or macOS).
 */
import fs from 'node:fs';

const SHT_GNU_VERNEED = 0x6ffffffe;

/** Raised for a file that is not a 64-bit little-endian ELF object. */
export class ElfFormatError extends Error {
  override name = 'ElfFormatError';
}

/** Version names (e.g. `GLIBC_2.14`) required from libc and friends by an ELF file's bytes. */
export function requiredVersions(buf: Buffer): string[] {
  if (buf.readUInt32BE(0) !== 0x7f454c46) throw new ElfFormatError('not an ELF file');
  if (buf[4] !== 2 || buf[5] !== 1) throw new ElfFormatError('only 64-bit little-endian ELF is supported');
  const shoff = Number(buf.readBigUInt64LE(0x28));
  const shentsize = buf.readUInt16LE(0x3a);
  const shnum = buf.readUInt16LE(0x3c);
  const section = (i: number) => {
    const o = shoff + i * shentsize;
    return {
      type: buf.readUInt32LE(o + 4),
      offset: Number(buf.readBigUInt64LE(o + 0x18)),
      link: buf.readUInt32LE(o + 0x28),
      info: buf.readUInt32LE(o + 0x2c),
    };
  };
  const cstr = (at: number) => buf.toString('latin1', at, buf.indexOf(0, at));
  const out = new Set<string>();
  for (let i = 0; i < shnum; i++) {
    const s = section(i);
    if (s.type !== SHT_GNU_VERNEED) continue;
    const strtab = section(s.link).offset;
    // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
    let vn = s.offset;
    for (let n = 0; n < s.info; n++) {
      const cnt = buf.readUInt16LE(vn + 2);
      // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
      let aux = vn + buf.readUInt32LE(vn + 8);
      for (let a = 0; a < cnt; a++) {
        out.add(cstr(strtab + buf.readUInt32LE(aux + 8)));
        const next = buf.readUInt32LE(aux + 12);
        if (!next) break;
        aux += next;
      }
      const nextVn = buf.readUInt32LE(vn + 12);
      if (!nextVn) break;
      vn += nextVn;
    }
  }
  return [...out].sort();
}

/** Compares `GLIBC_2.17`-style versions numerically; negative when a < b. */
export function compareGlibc(a: string, b: string): number {
  const pa = a.replace(/^GLIBC_/, '').split('.').map(Number);
  const pb = b.replace(/^GLIBC_/, '').split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** The highest `GLIBC_x.y` an ELF file needs (e.g. `2.16`), or null when it needs none. */
export function maxGlibc(file: string): string | null {
  const glibc = requiredVersions(fs.readFileSync(file)).filter((v) => /^GLIBC_\d/.test(v));
  if (!glibc.length) return null;
  return glibc.sort(compareGlibc)[glibc.length - 1].replace(/^GLIBC_/, '');
}
