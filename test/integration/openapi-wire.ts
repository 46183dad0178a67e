/** Decodes a CommOpenApiResp answer to its WeChat JSON, for tests that speak the wire directly. */
import protobuf from 'protobufjs';

const Resp = protobuf
  .parse('syntax = "proto3"; message CommOpenApiResp { bytes respData = 1; string contentType = 2; int32 errorCode = 3; }')
  .root.lookupType('CommOpenApiResp');

export function decodeOpenApiResponseJson(buf: Buffer): Record<string, unknown> {
  const msg = Resp.toObject(Resp.decode(buf)) as { respData?: Uint8Array };
  return JSON.parse(Buffer.from(msg.respData ?? []).toString('utf8')) as Record<string, unknown>;
}
