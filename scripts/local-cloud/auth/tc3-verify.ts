/**
 * Verifies the TC3-HMAC-SHA256 signature wx-server-sdk 4.0.2 puts on every `/admin` request.
 * @cloudbase/node-sdk (tcbapirequester `getHeaders`) signs with @cloudbase/signature-nodejs
 * `sign({method: 'post', url, params: <the body fields>, headers, withSignedParams: true,
 * timestamp})` over: the method, `//host/admin`, the raw query, the headers it sends (content-type
 * without the multipart boundary, host, user-agent, x-client-timestamp, x-sdk-version,
 * x-tcb-source, …; values lower-cased), and a SHA-256 over every non-empty body field
 * (`&key=value\r\n`, keys sorted and lower-cased, nested values JSON-stringified, multipart
 * Buffers as bytes). It sends `Authorization`, `X-Timestamp` (seconds) and `X-Signature-Expires: 600`.
 *
 * We verify by re-signing what arrived with the library's own `Signer.tc3sign` and comparing the
 * whole Authorization value, so the signed header list and the SignedParams list must match too:
 * a body field added after signing (it would be missing from SignedParams) fails.
 */
import crypto from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Signer } from '@cloudbase/signature-nodejs';
import type { CloudCredentials } from './credentials';

/** Oldest signature accepted, seconds: the SDK's own `X-Signature-Expires` (600). */
export const SIGNATURE_MAX_AGE_S = 600;
/** How far in the future a timestamp may be (clock skew between local processes is ~0). */
export const SIGNATURE_MAX_SKEW_S = 60;

/** Why a request was refused: Tencent Cloud's AuthFailure names, for the message. */
export type AuthFailureReason =
  | 'AuthFailure.InvalidAuthorization'
  | 'AuthFailure.SecretIdNotFound'
  | 'AuthFailure.SignatureExpire'
  | 'AuthFailure.SignatureFailure';

/** A refusal: the reason and a readable message. */
export interface AuthFailure {
  reason: AuthFailureReason;
  message: string;
}

/** The parts of the Authorization header. */
export interface ParsedAuthorization {
  secretId: string;
  date: string;
  service: string;
  signedParams: string[] | null;
  signedHeaders: string[];
  signature: string;
}

const AUTH_RE =
  /^TC3-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9_-]+)\/tc3_request,(?: SignedParams=([^,]*),)? SignedHeaders=([a-z0-9;_-]+), Signature=([0-9a-f]{64})$/;

/** Parses an Authorization header value, or null when it is not a TC3 signature. */
export function parseAuthorization(value: string | undefined): ParsedAuthorization | null {
  const m = value ? AUTH_RE.exec(value) : null;
  if (!m) return null;
  return {
    secretId: m[1],
    date: m[2],
    service: m[3],
    signedParams: m[4] === undefined ? null : m[4].split(';').filter(Boolean),
    signedHeaders: m[5].split(';'),
    signature: m[6],
  };
}

const fail = (reason: AuthFailureReason, message: string): AuthFailure => ({ reason, message });

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/**
 * Checks what can be checked before the body is read: a well-formed Authorization for our
 * secretId, a fresh timestamp, host and content-type among the signed headers.
 */
export function checkAuthorizationHeaders(headers: IncomingHttpHeaders, creds: CloudCredentials, nowS = Math.floor(Date.now() / 1000)): AuthFailure | null {
  const raw = header(headers, 'authorization');
  if (!raw) return fail('AuthFailure.InvalidAuthorization', 'missing Authorization: requests to /admin must be signed with the local cloud\'s credentials');
  const auth = parseAuthorization(raw);
  if (!auth) return fail('AuthFailure.InvalidAuthorization', 'Authorization is not a TC3-HMAC-SHA256 signature');
  const idOk = auth.secretId.length === creds.secretId.length && crypto.timingSafeEqual(Buffer.from(auth.secretId), Buffer.from(creds.secretId));
  if (!idOk) return fail('AuthFailure.SecretIdNotFound', 'unknown secretId (credentials of another run?)');
  if (!auth.signedHeaders.includes('host') || !auth.signedHeaders.includes('content-type')) {
    return fail('AuthFailure.InvalidAuthorization', 'SignedHeaders must include host and content-type');
  }
  const ts = Number(header(headers, 'x-timestamp'));
  if (!Number.isSafeInteger(ts)) return fail('AuthFailure.InvalidAuthorization', 'missing or invalid X-Timestamp');
  if (nowS - ts > SIGNATURE_MAX_AGE_S || ts - nowS > SIGNATURE_MAX_SKEW_S) {
    return fail('AuthFailure.SignatureExpire', `signature expired: X-Timestamp ${ts} is ${nowS - ts} s from now (allowed ${SIGNATURE_MAX_AGE_S} s back, ${SIGNATURE_MAX_SKEW_S} s ahead)`);
  }
  return null;
}

/** What arrived: method, raw path+query, headers, and the body fields the server parsed. */
export interface ReceivedRequest {
  method: string;
  /** `req.url` as received (path and raw query). */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed body fields (JSON object, or multipart strings/Buffers). */
  params: Record<string, unknown>;
}

/** Verifies the signature of a request whose headers passed {@link checkAuthorizationHeaders}. */
export function verifySignature(req: ReceivedRequest, creds: CloudCredentials): AuthFailure | null {
  const raw = header(req.headers, 'authorization') ?? '';
  const auth = parseAuthorization(raw);
  if (!auth) return fail('AuthFailure.InvalidAuthorization', 'Authorization is not a TC3-HMAC-SHA256 signature');
  const signed: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const v = header(req.headers, name);
    if (v === undefined) return fail('AuthFailure.SignatureFailure', `signed header ${name} is missing`);
    signed[name] = v;
  }
  const url = `http://${signed.host}${req.path}`;
  const ts = Number(header(req.headers, 'x-timestamp'));
  const signer = new Signer(creds, auth.service);
  const want = Buffer.from(raw);
  // The SDK signs with its lower-case 'post'; a hand-written signer may use 'POST'.
  for (const method of [req.method.toLowerCase(), req.method.toUpperCase()]) {
    let got: string;
    try {
      got = signer.tc3sign(method, url, signed, req.params, ts, { withSignedParams: auth.signedParams !== null }).authorization;
    } catch (err) {
      return fail('AuthFailure.SignatureFailure', `cannot recompute the signature: ${(err as Error).message}`);
    }
    const buf = Buffer.from(got);
    if (buf.length === want.length && crypto.timingSafeEqual(buf, want)) return null;
  }
  return fail('AuthFailure.SignatureFailure', 'signature does not match the request (wrong secretKey, or the request was changed after signing)');
}
