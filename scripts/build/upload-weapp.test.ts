import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { uploadSetup, UploadSetupError } from './upload-weapp';

describe('upload:weapp setup', () => {
  it('refuses without an AppID or key, and a key inside the repo', () => {
    expect(() => uploadSetup({})).toThrow(UploadSetupError);
    expect(() => uploadSetup({ QX_APPID: 'wx0123456789abcdef', QX_UPLOAD_KEY: '/nonexistent.key' })).toThrow(/upload key/);
    const inRepo = path.resolve(__dirname, 'README.md');
    expect(() => uploadSetup({ QX_APPID: 'wx0123456789abcdef', QX_UPLOAD_KEY: inRepo })).toThrow(/outside the repository/);
  });

  it('accepts a key outside the repo once the weapp build exists', () => {
    const key = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qx-key-')), 'private.key');
    fs.writeFileSync(key, 'k');
    const built = fs.existsSync(path.resolve(__dirname, '../../miniprogram/dist/weapp/app.json'));
    const call = () => uploadSetup({ QX_APPID: 'wx0123456789abcdef', QX_UPLOAD_KEY: key });
    if (built) expect(call().appid).toBe('wx0123456789abcdef');
    else expect(call).toThrow(/build:weapp/);
  });
});
