import { memoryModelFiles } from '../model-store/memory-ports';
import { exportAnswer, INLINE_EXPORT_BYTES } from './export-file';

const big = 'x'.repeat(INLINE_EXPORT_BYTES + 1);
const files = () => ({ ...memoryModelFiles(), tempUrl: async (id: string) => `https://tmp/${id}` });

describe('exportAnswer', () => {
  it('names a big export before storing it, so a call dying at the upload leaves a name, never an unnamed file', async () => {
    const f = files();
    const named: string[] = [];
    f.upload = async () => {
      throw new Error('the process died');
    };
    await expect(exportAnswer(big, 'exports/rule-segments/r1.csv', f, { name: async (id) => void named.push(id) })).rejects.toThrow('the process died');
    expect(named).toEqual([await f.idOf('exports/rule-segments/r1.csv')]);
  });

  it('answers a big export as the named file and its link, a small one inline without naming anything', async () => {
    const f = files();
    const named: string[] = [];
    const out = await exportAnswer(big, 'exports/rule-segments/r1.csv', f, { name: async (id) => void named.push(id) });
    expect(out.file?.fileID).toBe(named[0]);
    // with a BOM, so that Excel and WPS read the file's Chinese as UTF-8; counted in its size
    const stored = await f.download(named[0]);
    expect(stored.toString()).toBe(`\ufeff${big}`);
    expect(out.file?.bytes).toBe(stored.length);
    expect(await exportAnswer('a,b', 'exports/x.csv', f, { name: async (id) => void named.push(id) })).toEqual({ csv: 'a,b' });
    expect(named).toHaveLength(1);
  });

  it('deletes a stored file whose erasure check failed, and throws the failure: unknown is stale', async () => {
    const f = files();
    const outage = { errCode: -501001, errMsg: 'collection.get:fail -501001 request timeout' };
    const out = await exportAnswer(big, 'exports/rule-segments/r1.csv', f, {
      name: async () => undefined,
      stale: () => Promise.reject(outage),
    }).catch((e: unknown) => e);
    expect(out).toBe(outage);
    expect([...f.blobs.keys()]).toEqual([]);
    // A check that answers "not stale" keeps it; one that answers "stale" deletes it.
    await exportAnswer(big, 'exports/rule-segments/r1.csv', f, { name: async () => undefined, stale: async () => false });
    expect(f.blobs.size).toBe(1);
    await expect(exportAnswer(big, 'exports/rule-segments/r1.csv', f, { name: async () => undefined, stale: async () => true })).rejects.toMatchObject({ name: 'ExportRacedError' });
    expect(f.blobs.size).toBe(0);
  });
});
