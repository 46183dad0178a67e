/**
 * The protobuf messages of `wx.openApi` calls, re-declared from the definitions bundled in
 * wx-server-sdk 4.0.2 (`src/protobuf/openapi.js`): the SDK sends a `CommApiData` whose
 * `openapiData.pairs` carry each request parameter as JSON bytes, and decodes the answer as a
 * `CommOpenApiResp` (`respData` = WeChat's JSON answer, `contentType` application/json).
 */
import protobuf from 'protobufjs';

const PROTO = `
syntax = "proto3";
message KeyValuePair { string key = 1; bytes value = 2; string contenttype = 3; string filename = 4; }
message OpenApiData { repeated KeyValuePair pairs = 1; }
message HttpHeader { string key = 1; string value = 2; }
message CommApiData {
  enum ApiType { OPEN_API = 0; INNER_API = 1; SVRKIT_API = 2; TOKEN_API = 3; }
  ApiType apiType = 1;
  OpenApiData openapiData = 2;
  string appid = 6;
}
message CommOpenApiResp {
  bytes respData = 1;
  string contentType = 2;
  int32 errorCode = 3;
  uint32 httpCode = 4;
  repeated HttpHeader headers = 5;
  int32 svrkitErrorCode = 6;
}
`;

const root = protobuf.parse(PROTO, { keepCase: true }).root;
const CommApiData = root.lookupType('CommApiData');
const CommOpenApiResp = root.lookupType('CommOpenApiResp');

/** Raised when `requestData` is not a decodable OPEN_API CommApiData. */
export class OpenApiDecodeError extends Error {
  override name = 'OpenApiDecodeError';
}

/** A decoded openapi request: the parameters (JSON-parsed) and the appid the SDK sent. */
export interface OpenApiCall {
  params: Record<string, unknown>;
  appid: string;
}

/** Decodes `requestData` into parameters. */
export function decodeOpenApiRequest(buf: Buffer): OpenApiCall {
  let msg: { apiType?: number; openapiData?: { pairs?: Array<{ key: string; value: Uint8Array }> }; appid?: string };
  try {
    msg = CommApiData.toObject(CommApiData.decode(buf), { defaults: true }) as typeof msg;
  } catch (err) {
    throw new OpenApiDecodeError(`requestData is not a CommApiData message: ${(err as Error).message}`);
  }
  if (msg.apiType !== 0) throw new OpenApiDecodeError(`unsupported apiType ${msg.apiType} (only OPEN_API)`);
  const params: Record<string, unknown> = {};
  for (const pair of msg.openapiData?.pairs ?? []) {
    const text = Buffer.from(pair.value).toString('utf8');
    try {
      params[pair.key] = JSON.parse(text);
    } catch {
      params[pair.key] = text;
    }
  }
  return { params, appid: msg.appid ?? '' };
}

/** Encodes WeChat's JSON answer the way the SDK decodes it. */
export function encodeOpenApiResponse(json: Record<string, unknown>): Buffer {
  const msg = CommOpenApiResp.create({
    respData: Buffer.from(JSON.stringify(json)),
    contentType: 'application/json; charset=utf-8',
    httpCode: 200,
  });
  return Buffer.from(CommOpenApiResp.encode(msg).finish());
}

/** Builds a request like the SDK does (tests and tools that speak the wire directly). */
export function encodeOpenApiRequest(params: Record<string, unknown>, appid = ''): Buffer {
  const pairs = Object.entries(params).map(([key, v]) => ({ key, value: Buffer.from(JSON.stringify(v)) }));
  return Buffer.from(CommApiData.encode(CommApiData.create({ apiType: 0, openapiData: { pairs }, appid })).finish());
}

/** A platform-level refusal (e.g. no permission): `errorCode` set, no WeChat JSON. */
export function encodeOpenApiPlatformError(errorCode: number): Buffer {
  return Buffer.from(CommOpenApiResp.encode(CommOpenApiResp.create({ errorCode, httpCode: 200 })).finish());
}
