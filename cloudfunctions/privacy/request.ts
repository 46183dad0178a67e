/** The privacy function's request schema: one object per action, strict (unknown keys refused). */
import { z } from 'zod';

// WeChat's injected userInfo is dropped before parsing (platform-event.ts requestOf).
const base = { openid: z.unknown().optional() };

/** Every privacy request. A payload `openid` is accepted and ignored; identity is the WeChat context. */
export const privacyRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('getConsent'), ...base }).strict(),
  z.object({ action: z.literal('setConsent'), version: z.number().int().min(1), ...base }).strict(),
  z.object({ action: z.literal('withdrawConsent'), ...base }).strict(),
  z.object({ action: z.literal('setPersonalization'), enabled: z.boolean(), ...base }).strict(),
  z.object({ action: z.literal('exportMyData'), cursor: z.string().max(200).optional(), ...base }).strict(),
  z.object({ action: z.literal('deleteMyData'), ...base }).strict(),
  z.object({ action: z.literal('me'), ...base }).strict(),
]);

/** A parsed privacy request. */
export type PrivacyRequest = z.infer<typeof privacyRequest>;

/** Action names. */
export const PRIVACY_ACTIONS = [
  'getConsent',
  'setConsent',
  'withdrawConsent',
  'setPersonalization',
  'exportMyData',
  'deleteMyData',
  'me',
] as const;
