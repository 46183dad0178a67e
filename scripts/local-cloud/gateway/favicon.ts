/**
 * The site icon of everything the local cloud serves to a browser (the h5 app, its admin pages,
 * the dev sign-in). Browsers ask for `/favicon.ico` on every origin unprompted; without an answer
 * each page load logged a 404 in the console, noise that hides real errors while developing.
 * One small SVG (Chromium and Firefox take SVG at that path), built in so it is there before the
 * h5 build and whichever h5 build is served.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** 群 in white on the product's green. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">' +
  '<rect width="64" height="64" rx="14" fill="#07c160"/>' +
  '<text x="32" y="46" font-size="40" text-anchor="middle" fill="#fff" font-family="sans-serif">群</text>' +
  '</svg>';

/** The paths a browser or a page asks for the icon by. */
export const FAVICON_PATHS = ['/favicon.ico', '/favicon.svg'] as const;

/** A route handler answering the icon (GET/HEAD). */
export function favicon() {
  const body = Buffer.from(FAVICON_SVG);
  return (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    if (!(FAVICON_PATHS as readonly string[]).includes(url.pathname)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${url.pathname}`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'image/svg+xml', 'content-length': body.length, 'cache-control': 'public, max-age=86400' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
