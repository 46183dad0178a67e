/**
 * The `wx.openApi` action: `cloud.openapi.<api>(…)` arrives as multipart with `apiName` and a
 * protobuf `requestData`; the answer is a protobuf CommOpenApiResp carrying WeChat's JSON.
 * Only `subscribeMessage.send` is served. A function calling an API its config.json does not
 * list under `permissions.openapi` is refused like the cloud does (-604101).
 */
import type { ActionRegistry, AdminResponse } from '../server/actions';
import type { FunctionRuntime } from '../functions/runtime';
import { decodeOpenApiRequest, encodeOpenApiPlatformError, encodeOpenApiResponse, OpenApiDecodeError } from './proto';
import type { SubscribeService } from './subscribe-service';

/** errorCode the platform answers when a function lacks the openapi permission. */
export const NO_PERMISSION = -604101;

function pb(json: Record<string, unknown>): AdminResponse {
  return { kind: 'binary', body: encodeOpenApiResponse(json), contentType: 'application/octet-stream' };
}

function asBuffer(v: unknown): Buffer | null {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v);
  if (typeof v === 'string') return Buffer.from(v, 'latin1');
  return null;
}

/** Registers `wx.openApi` on `registry`. */
export function registerOpenApiAction(
  registry: ActionRegistry,
  service: SubscribeService,
  runtime: FunctionRuntime | null,
): void {
  registry.register('wx.openApi', async (req) => {
    const apiName = req.body.apiName;
    const fail = (code: string, message: string): AdminResponse => ({ kind: 'json', body: { code, message } });
    if (typeof apiName !== 'string' || !apiName) return fail('INVALID_PARAM', 'apiName is required');
    const raw = asBuffer(req.body.requestData);
    if (!raw) return fail('INVALID_PARAM', 'requestData is required');
    const caller = runtime?.resolveToken(typeof req.body.wxCloudApiToken === 'string' ? req.body.wxCloudApiToken : undefined);
    if (caller && runtime) {
      const def = runtime.functions().find((d) => d.name === caller.fn);
      if (def && !def.openapi.includes(apiName)) {
        // The SDK raises errCode -604101 for this platform errorCode.
        return { kind: 'binary', body: encodeOpenApiPlatformError(NO_PERMISSION), contentType: 'application/octet-stream' };
      }
    }
    if (apiName !== 'subscribeMessage.send') {
      return pb({ errcode: 48001, errmsg: `api unauthorized: ${apiName} is not served by the local cloud` });
    }
    let params: Record<string, unknown>;
    try {
      params = decodeOpenApiRequest(raw).params;
    } catch (err) {
      if (err instanceof OpenApiDecodeError) return pb({ errcode: 47001, errmsg: `data format error: ${err.message}` });
      throw err;
    }
    return pb({ ...(await service.send(params, caller?.fn ?? null)) });
  });
}
