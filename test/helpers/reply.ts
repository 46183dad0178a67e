/**
 * What a product cloud function answers (`{ ok, data } | { ok: false, error }`), as integration
 * tests read it through the SDK. `data` stays loose on purpose: each test reads the few fields of
 * the action it calls, and typing every action's answer here would duplicate the functions' own.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Reply<D = any> = { ok: boolean; data?: D; error?: { code: string; message: string; details?: any } };
