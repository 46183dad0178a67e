/**
 * Optional: upload the weapp build with `miniprogram-ci` (not a dependency of this repo; install it
 * with `npm i -D miniprogram-ci` on the machine that uploads). Needs the mini program's AppID and an
 * upload key from the MP console (开发管理 → 开发设置 → 小程序代码上传); the key stays outside the repo.
 *
 *   QX_APPID=wx… QX_UPLOAD_KEY=/secure/private.wx….key npm run upload:weapp -- 1.2.3 "release notes"
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './list-functions';

/** Raised when the upload cannot start (missing tool, AppID, key or build). */
export class UploadSetupError extends Error {
  override name = 'UploadSetupError';
}

/** Checks everything the upload needs and returns it. */
export function uploadSetup(env: NodeJS.ProcessEnv = process.env) {
  const appid = env.QX_APPID;
  const keyPath = env.QX_UPLOAD_KEY;
  const projectPath = path.join(REPO_ROOT, 'miniprogram', 'dist', 'weapp');
  if (!appid || !/^wx[0-9a-f]{16}$/.test(appid)) throw new UploadSetupError('set QX_APPID to the mini program AppID (wx + 16 hex)');
  if (!keyPath || !fs.existsSync(keyPath)) throw new UploadSetupError('set QX_UPLOAD_KEY to the upload key file from the MP console');
  if (path.resolve(keyPath).startsWith(REPO_ROOT + path.sep))
    throw new UploadSetupError('keep the upload key outside the repository (it must never be committed)');
  if (!fs.existsSync(path.join(projectPath, 'app.json'))) throw new UploadSetupError('run `npm run build:weapp` first');
  return { appid, keyPath, projectPath };
}

async function main(): Promise<void> {
  const [version = '0.0.0', desc = 'Qunxiang upload'] = process.argv.slice(2);
  const { appid, keyPath, projectPath } = uploadSetup();
  let ci: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    ci = await import('miniprogram-ci' as string);
  } catch {
    throw new UploadSetupError('miniprogram-ci is not installed: npm i -D miniprogram-ci');
  }
  const project = new ci.Project({ appid, type: 'miniProgram', projectPath, privateKeyPath: keyPath, ignores: ['node_modules/**/*'] });
  const res = await ci.upload({ project, version, desc, setting: { es6: false, minify: true }, onProgressUpdate: (m: unknown) => console.log(String(m)) });
  console.log(JSON.stringify(res));
}

if (require.main === module)
  main().catch((err) => {
    console.error(`upload:weapp: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
