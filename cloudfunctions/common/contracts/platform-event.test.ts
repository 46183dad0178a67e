import fc from 'fast-check';
import { PLATFORM_EVENT_KEYS, requestOf } from './platform-event';

describe('requestOf', () => {
  it('drops exactly the platform keys and keeps every other own key, __proto__ included', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', ...PLATFORM_EVENT_KEYS)), fc.jsonValue()), (o) => {
        const event = JSON.parse(JSON.stringify(o)) as Record<string, unknown>;
        const out = requestOf(event) as Record<string, unknown>;
        const keep = Object.keys(event).filter((k) => !PLATFORM_EVENT_KEYS.includes(k));
        expect(Object.keys(out)).toEqual(keep);
        for (const k of keep) expect(Object.getOwnPropertyDescriptor(out, k)?.value).toEqual(event[k]);
        expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
      }),
    );
  });

  it('returns non-objects as they are, and never mutates the event', () => {
    for (const v of [null, undefined, 'x', 3, [1, { userInfo: 1 }]]) expect(requestOf(v)).toBe(v);
    const e = { action: 'a', userInfo: { openId: 'o' } };
    expect(requestOf(e)).toEqual({ action: 'a' });
    expect(e.userInfo).toEqual({ openId: 'o' });
  });
});
