/**
 * Contract: cloud storage through the REAL wx-server-sdk against the local cloud — uploadFile,
 * downloadFile, getTempFileURL, deleteFile, fileIDs in the real form, temp URLs that are signed and
 * expire, uploads that need the grant getUploadMetadata issued, path traversal and size refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadSdk, startTestCloud, type TestCloud, type WxSdk } from '../helpers/local-cloud';
import { adminFetch } from '../../scripts/local-cloud';
import { TempUrlError, wxTempUrl } from '../../cloudfunctions/common/admin/temp-url';

let t: TestCloud;
let sdk: WxSdk;
let clock = 0;
/** When set, the cloud's clock stands still at this second (a test that needs two links of one second). */
let frozen: number | null = null;
beforeAll(async () => {
  t = await startTestCloud({
    storage: { maxFileBytes: 1024 * 1024, nowSec: () => frozen ?? Math.floor(Date.now() / 1000) + clock },
  });
  Object.assign(process.env, t.env);
  sdk = loadSdk('local');
});
afterAll(() => t.close());
afterEach(() => {
  clock = 0;
  frozen = null;
});

const bytes = (n: number, seed = 7) =>
  Buffer.from(Array.from({ length: n }, (_, i) => (i * seed + 13) % 256));

describe('upload and download', () => {
  it('round-trips binary content and answers a fileID in the real form', async () => {
    const content = bytes(200_000);
    const up = await sdk.uploadFile({ cloudPath: 'models/value/3/model.onnx', fileContent: content });
    expect(up.fileID).toMatch(/^cloud:\/\/local\.[0-9a-f]+-local-\d+\/models\/value\/3\/model\.onnx$/);
    const down = await sdk.downloadFile({ fileID: up.fileID });
    expect(Buffer.compare(down.fileContent, content)).toBe(0);
  });

  it('keeps Chinese names and replaces a file on a second upload', async () => {
    const up = await sdk.uploadFile({
      cloudPath: '报告/模型 说明.json',
      fileContent: Buffer.from('{"v":1}'),
    });
    await sdk.uploadFile({ cloudPath: '报告/模型 说明.json', fileContent: Buffer.from('{"v":2}') });
    expect((await sdk.downloadFile({ fileID: up.fileID })).fileContent.toString()).toBe('{"v":2}');
  });

  it('lets a file and a folder share a name, as COS does', async () => {
    const a = await sdk.uploadFile({ cloudPath: 'same', fileContent: Buffer.from('file') });
    const b = await sdk.uploadFile({ cloudPath: 'same/inner', fileContent: Buffer.from('inner') });
    expect((await sdk.downloadFile({ fileID: a.fileID })).fileContent.toString()).toBe('file');
    expect((await sdk.downloadFile({ fileID: b.fileID })).fileContent.toString()).toBe('inner');
  });

  it('uploads from a read stream', async () => {
    const file = path.join(t.dataDir, 'src.bin');
    fs.writeFileSync(file, bytes(5000, 3));
    const up = await sdk.uploadFile({ cloudPath: 'stream.bin', fileContent: fs.createReadStream(file) });
    expect(Buffer.compare((await sdk.downloadFile({ fileID: up.fileID })).fileContent, bytes(5000, 3))).toBe(
      0,
    );
  });

  it('stores files durably under the data dir, written by rename (no temp file left)', async () => {
    await sdk.uploadFile({ cloudPath: 'durable/x.txt', fileContent: Buffer.from('x') });
    expect(fs.readFileSync(path.join(t.dataDir, 'storage', 'local', 'durable.d', 'x.txt.f'), 'utf8')).toBe(
      'x',
    );
    expect(fs.readdirSync(path.join(t.dataDir, 'storage', '.tmp'))).toEqual([]);
  });
});

describe('refusals', () => {
  it.each(['../escape.txt', 'a/../../b', '/abs', 'a//b', 'a/./b', 'dir/', 'back\\slash', 'q?x', 'p%41'])(
    'refuses the path %j and writes nothing outside storage',
    async (cloudPath) => {
      await expect(sdk.uploadFile({ cloudPath, fileContent: Buffer.from('x') })).rejects.toBeTruthy();
      expect(fs.existsSync(path.join(t.dataDir, 'escape.txt'))).toBe(false);
      expect(fs.existsSync(path.join(t.dataDir, 'storage', 'escape.txt'))).toBe(false);
    },
  );

  it('refuses a file over the size cap and keeps the old content', async () => {
    const up = await sdk.uploadFile({ cloudPath: 'big.bin', fileContent: Buffer.from('small') });
    await expect(
      sdk.uploadFile({ cloudPath: 'big.bin', fileContent: bytes(1024 * 1024 + 1) }),
    ).rejects.toMatchObject({
      errMsg: expect.stringMatching(/EntityTooLarge/),
    });
    expect((await sdk.downloadFile({ fileID: up.fileID })).fileContent.toString()).toBe('small');
  });

  it('refuses a PUT without the grant, with a grant for another path, and after the grant expired', async () => {
    const meta = await uploadMetadata('granted.bin');
    expect((await put(meta.url, {})).status).toBe(403);
    const other = await uploadMetadata('other.bin');
    const forged = await put(meta.url, {
      authorization: other.authorization,
      'x-cos-security-token': other.token,
    });
    expect(forged.status).toBe(403);
    expect(forged.text).toMatch(/SignatureDoesNotMatch/);
    clock = 601;
    const late = await put(meta.url, {
      authorization: meta.authorization,
      'x-cos-security-token': meta.token,
    });
    expect(late.status).toBe(403);
    clock = 0;
    expect(
      (await put(meta.url, { authorization: meta.authorization, 'x-cos-security-token': meta.token })).status,
    ).toBe(200);
  });

  it('reports a missing file with -503003 and an unknown fileID per file', async () => {
    await expect(sdk.downloadFile({ fileID: `cloud://local.${bucket()}/nope.bin` })).rejects.toMatchObject({
      code: 'STORAGE_FILE_NONEXIST',
    });
    const res = await sdk.getTempFileURL({
      fileList: [`cloud://local.${bucket()}/nope.bin`, 'cloud://other.bucket/x'],
    });
    expect(res.fileList.map((f: { status: number }) => f.status)).toEqual([-503003, -501007]);
  });
});

describe('temp URLs', () => {
  it('are signed per path and expire after maxAge', async () => {
    const up = await sdk.uploadFile({ cloudPath: 'tmp/a.json', fileContent: Buffer.from('{"a":1}') });
    const { fileList } = await sdk.getTempFileURL({ fileList: [{ fileID: up.fileID, maxAge: 60 }] });
    expect(fileList[0]).toMatchObject({ status: 0, maxAge: 60 });
    const url = encodeURI(fileList[0].tempFileURL);
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(await ok.text()).toBe('{"a":1}');
    expect((await fetch(url.replace('tmp/a.json', 'tmp/b.json'))).status).toBe(403);
    expect((await fetch(url.replace(/sign=[0-9a-f]{4}/, 'sign=0000'))).status).toBe(403);
    clock = 61;
    expect((await fetch(url)).status).toBe(403);
  });

  it("of private files work at most 10 minutes, whatever maxAge asked (WeChat's current reference)", async () => {
    const up = await sdk.uploadFile({ cloudPath: 'tmp/long.json', fileContent: Buffer.from('{}') });
    const { fileList } = await sdk.getTempFileURL({ fileList: [{ fileID: up.fileID, maxAge: 3600 }, up.fileID] });
    expect(fileList.map((f: { maxAge: number }) => f.maxAge)).toEqual([600, 600]);
    const urls = fileList.map((f: { tempFileURL: string }) => encodeURI(f.tempFileURL));
    clock = 590;
    for (const url of urls) expect((await fetch(url)).status).toBe(200);
    clock = 601;
    for (const url of urls) expect((await fetch(url)).status).toBe(403);
  });
});

describe('delete', () => {
  it('deletes files and reports each one', async () => {
    const a = await sdk.uploadFile({ cloudPath: 'del/a', fileContent: Buffer.from('a') });
    const res = await sdk.deleteFile({ fileList: [a.fileID, `cloud://local.${bucket()}/del/missing`] });
    expect(res.fileList.map((f: { status: number }) => f.status)).toEqual([0, -503003]);
    await expect(sdk.downloadFile({ fileID: a.fileID })).rejects.toMatchObject({
      code: 'STORAGE_FILE_NONEXIST',
    });
  });
});

describe('a temp URL issued before a delete (the CDN, not documented to purge: the stricter reading)', () => {
  it('serves the old bytes until it expires; the file is gone from storage and no new link is issued', async () => {
    const up = await sdk.uploadFile({ cloudPath: 'exports/r/1.csv', fileContent: Buffer.from('old,1') });
    const { fileList } = await sdk.getTempFileURL({ fileList: [{ fileID: up.fileID, maxAge: 120 }] });
    const early = encodeURI(fileList[0].tempFileURL);
    expect((await sdk.deleteFile({ fileList: [up.fileID] })).fileList[0].status).toBe(0);
    // Storage: gone. A new link is refused per file, and downloadFile (which asks for one) fails.
    const again = await sdk.getTempFileURL({ fileList: [up.fileID] });
    expect(again.fileList[0]).toMatchObject({ status: -503003, tempFileURL: '' });
    await expect(sdk.downloadFile({ fileID: up.fileID })).rejects.toMatchObject({ code: 'STORAGE_FILE_NONEXIST' });
    // The link handed out before: still the old bytes, even once a new file takes the path.
    clock = 100;
    await sdk.uploadFile({ cloudPath: 'exports/r/1.csv', fileContent: Buffer.from('new,2') });
    const fresh = encodeURI((await sdk.getTempFileURL({ fileList: [up.fileID] })).fileList[0].tempFileURL);
    expect(await (await fetch(early)).text()).toBe('old,1');
    expect(await (await fetch(fresh)).text()).toBe('new,2');
    // Until its own expiry, then refused like any expired link.
    clock = 121;
    expect((await fetch(early)).status).toBe(403);
    expect(await (await fetch(fresh)).text()).toBe('new,2');
  });

  it("with cdnOnDelete 'purge' ends at the delete: COS's NoSuchKey", async () => {
    const p = await startTestCloud({ storage: { cdnOnDelete: 'purge' } });
    try {
      const call = async (body: Record<string, unknown>) =>
        (await (await adminFetch(p.cloud.url, p.cloud.credentials, { envName: 'local', ...body })).json()) as { data: Record<string, Array<Record<string, string>>> };
      const meta = (await call({ action: 'storage.getUploadMetadata', path: 'exports/r/2.csv', method: 'put' })).data as unknown as Record<string, string>;
      expect((await put(meta.url, { authorization: meta.authorization, 'x-cos-security-token': meta.token })).status).toBe(200);
      const fileid = meta.fileId;
      const link = encodeURI((await call({ action: 'storage.batchGetDownloadUrl', file_list: [{ fileid, max_age: 600 }] })).data.download_list[0].tempFileURL);
      expect((await fetch(link)).status).toBe(200);
      expect((await call({ action: 'storage.batchDeleteFile', fileid_list: [fileid] })).data.delete_list[0].code).toBe('SUCCESS');
      const dead = await fetch(link);
      expect(dead.status).toBe(404);
      expect(await dead.text()).toContain('NoSuchKey');
    } finally {
      await p.close();
    }
  });
});

describe('a temp URL issued before an overwrite (the CDN, not documented to purge: the stricter reading)', () => {
  it('serves the old bytes until it expires; a link issued after the upload, and downloadFile, the new ones', async () => {
    const up = await sdk.uploadFile({ cloudPath: 'jobs/r/ckpt.bin', fileContent: Buffer.from('old,1') });
    const { fileList } = await sdk.getTempFileURL({ fileList: [{ fileID: up.fileID, maxAge: 120 }] });
    const early = encodeURI(fileList[0].tempFileURL);
    expect(await (await fetch(early)).text()).toBe('old,1');
    clock = 5; // another second: a link issued now is another URL
    await sdk.uploadFile({ cloudPath: 'jobs/r/ckpt.bin', fileContent: Buffer.from('new,2') });
    expect(await (await fetch(early)).text()).toBe('old,1');
    const fresh = encodeURI((await sdk.getTempFileURL({ fileList: [up.fileID] })).fileList[0].tempFileURL);
    expect(await (await fetch(fresh)).text()).toBe('new,2');
    expect((await sdk.downloadFile({ fileID: up.fileID })).fileContent.toString()).toBe('new,2');
    clock = 121;
    expect((await fetch(early)).status).toBe(403);
  });

  it('serves the old bytes to a link of the same second issued after the upload: the same URL', async () => {
    const up = await sdk.uploadFile({ cloudPath: 'jobs/r/same-second.bin', fileContent: Buffer.from('old,1') });
    const link = async () => encodeURI((await sdk.getTempFileURL({ fileList: [{ fileID: up.fileID, maxAge: 120 }] })).fileList[0].tempFileURL);
    frozen = Math.floor(Date.now() / 1000) + 1_000; // every link below has the same t, so the same sign
    const before = await link();
    await sdk.uploadFile({ cloudPath: 'jobs/r/same-second.bin', fileContent: Buffer.from('new,2') });
    const after = await link();
    expect(after).toBe(before);
    expect(await (await fetch(after)).text()).toBe('old,1');
  });

  it("with cdnOnOverwrite 'fresh' every link serves the new bytes at once", async () => {
    const p = await startTestCloud({ storage: { cdnOnOverwrite: 'fresh' } });
    try {
      const call = async (body: Record<string, unknown>) =>
        ((await (await adminFetch(p.cloud.url, p.cloud.credentials, { envName: 'local', ...body })).json()) as { data: Record<string, unknown> }).data;
      const upload = async (body: string) => {
        const meta = (await call({ action: 'storage.getUploadMetadata', path: 'jobs/r/fresh.bin', method: 'put' })) as Record<string, string>;
        const headers = { authorization: meta.authorization, 'x-cos-security-token': meta.token };
        expect((await fetch(meta.url, { method: 'PUT', headers, body })).status).toBe(200);
        return meta.fileId;
      };
      const fileid = await upload('old,1');
      const links = (await call({ action: 'storage.batchGetDownloadUrl', file_list: [{ fileid, max_age: 600 }] })) as { download_list: Array<{ tempFileURL: string }> };
      const early = encodeURI(links.download_list[0].tempFileURL);
      await upload('new,2');
      expect(await (await fetch(early)).text()).toBe('new,2');
    } finally {
      await p.close();
    }
  });
});

function bucket(): string {
  return `${Buffer.from('local').toString('hex').slice(0, 8)}-local-1300000000`;
}

async function uploadMetadata(
  cloudPath: string,
): Promise<{ url: string; token: string; authorization: string }> {
  const res = await adminFetch(t.cloud.url, t.cloud.credentials, {
    action: 'storage.getUploadMetadata',
    path: cloudPath,
    method: 'put',
    envName: 'local',
  });
  return ((await res.json()) as { data: { url: string; token: string; authorization: string } }).data;
}

async function put(url: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'PUT', headers, body: 'payload' });
  return { status: res.status, text: await res.text() };
}

describe("the admin function's link port (common/admin/temp-url.ts)", () => {
  it('answers the signed link of a stored file', async () => {
    const up = await sdk.uploadFile({ cloudPath: 'exports/x/1.csv', fileContent: Buffer.from('a,b') });
    const url = await wxTempUrl(sdk)(up.fileID, 600);
    expect((await fetch(encodeURI(url))).status).toBe(200);
  });

  it('refuses with the per-file status when there is no link, rather than answering an empty one', async () => {
    // The SDK reports a file it cannot link in the item (status, empty tempFileURL), not by throwing.
    const missing = `cloud://local.${bucket()}/exports/x/gone.csv`;
    const err = await wxTempUrl(sdk)(missing, 600).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TempUrlError);
    expect(err).toMatchObject({ fileID: missing, status: -503003 });
  });
});
