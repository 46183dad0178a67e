/**
 * Serves the h5 build (`miniprogram/dist/h5`) at `/`, with SPA fallback to index.html for paths
 * that are not files (the Taro h5 router uses browser history). Paths cannot escape the folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { esc, sendHtml } from './http-util';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** A route handler serving `rootDir`. */
export function staticH5(rootDir: string) {
  const root = path.resolve(rootDir);
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const index = path.join(root, 'index.html');
    if (!fs.existsSync(index)) {
      sendHtml(
        res,
        503,
        `<!doctype html><meta charset="utf-8"><title>群像</title><p>h5 应用尚未构建：请运行 <code>npm run build:h5</code>（或 <code>npm start</code> 会自动构建），然后刷新。</p><p>构建目录：${esc(root)}</p><p><a href="/dev/login">开发登录</a></p>`,
      );
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end('bad path');
      return;
    }
    const file = path.resolve(root, '.' + path.posix.normalize(rel));
    let target = index;
    if (file.startsWith(root + path.sep)) {
      try {
        if (fs.statSync(file).isFile()) target = file;
      } catch {
        // not a file: SPA fallback
      }
    }
    const ext = path.extname(target).toLowerCase();
    // A missing asset (e.g. /js/app.123.js) is a 404, not the index page.
    if (target === index && ext === '.html' && path.extname(rel) && !rel.endsWith('.html')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${rel}`);
      return;
    }
    const stat = fs.statSync(target);
    res.writeHead(200, {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'content-length': stat.size,
      'cache-control': target === index ? 'no-cache' : 'public, max-age=300',
    });
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(target).pipe(res);
  };
}
