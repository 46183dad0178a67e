import fc from 'fast-check';
import { itemKey, parsePush } from './push-schema';
import { refusePushCaller } from './push-source';

const templateId = fc.stringMatching(/^[A-Za-z0-9_-]{1,43}$/);
const openid = fc.stringMatching(/^o[A-Za-z0-9_-]{5,27}$/);
const asStringOrNumber = (n: number) => fc.constantFrom(n, String(n));
const popupItem = fc.record({
  TemplateId: templateId,
  SubscribeStatusString: fc.constantFrom('accept', 'reject'),
  PopupScene: fc.constantFrom('0', 0, '1', 2),
});
const sentItem = fc.record({
  TemplateId: templateId,
  MsgID: fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }).map(String),
  ErrorCode: fc.constantFrom('0', 0, '20004', 20001),
  ErrorStatus: fc.constantFrom('success', 'fail:user refuse to accept the msg', 'fail:system failed'),
});
const envelope = (event: string) =>
  fc.record({
    ToUserName: fc.constant('gh_123456789abc'),
    FromUserName: openid,
    CreateTime: fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }).chain(asStringOrNumber),
    MsgType: fc.constant('event'),
    Event: fc.constant(event),
  });
/** WeChat's JSON form: one item is an object, several are an array. */
const wxList = <T>(item: fc.Arbitrary<T>) =>
  fc.array(item, { minLength: 1, maxLength: 5 }).map((xs) => ({ xs, List: xs.length === 1 ? xs[0] : xs }));

describe('parsePush', () => {
  it('reads the documented JSON samples (List object and array, string numbers)', () => {
    const one = parsePush({
      ToUserName: 'gh_123456789abc',
      FromUserName: 'o7esq5OI1Uej6Xixw1lA2H7XDVbc',
      CreateTime: '1620973045',
      MsgType: 'event',
      Event: 'subscribe_msg_popup_event',
      List: { TemplateId: 'hD-ixGOhYmUfjOnI8MCzQMPshzGVeux_2vzyvQu7O68', SubscribeStatusString: 'accept', PopupScene: '0' },
    });
    expect(one).toMatchObject({ kind: 'push', push: { CreateTime: 1620973045, List: [{ PopupScene: 0 }] } });
    const sent = parsePush({
      ToUserName: 'gh_123456789abc',
      FromUserName: 'o7esq5PHRGBQYmeNyfG064wEFVpQ',
      CreateTime: 1620963428,
      MsgType: 'event',
      Event: 'subscribe_msg_sent_event',
      List: { TemplateId: 'BEwX0BO-T3MqK3Uc5oTU3CGBqzjpndk2jzUf7VfExd8', MsgID: '1864323726461255680', ErrorCode: '0', ErrorStatus: 'success' },
    });
    expect(sent).toMatchObject({ kind: 'push', push: { List: [{ ErrorCode: 0, MsgID: '1864323726461255680' }] } });
  });

  it('normalises any List form to an array of the same items (property)', () => {
    const events = [
      ['subscribe_msg_popup_event', popupItem],
      ['subscribe_msg_change_event', popupItem.map(({ TemplateId }) => ({ TemplateId, SubscribeStatusString: 'reject' }))],
      ['subscribe_msg_sent_event', sentItem],
    ] as const;
    for (const [name, item] of events) {
      fc.assert(
        fc.property(envelope(name), wxList(item as fc.Arbitrary<Record<string, unknown>>), (env, { xs, List }) => {
          const p = parsePush({ ...env, List });
          if (p.kind !== 'push') throw new Error(JSON.stringify(p));
          expect(p.push.List.map((i) => i.TemplateId)).toEqual(xs.map((i) => i.TemplateId));
          expect(p.push.CreateTime).toBe(Number(env.CreateTime));
          const keys = p.push.List.map((i) => itemKey(p.push, i as { TemplateId: string; MsgID?: string }));
          expect(keys.every((k) => k.length > 0)).toBe(true);
        }),
        { numRuns: 200 },
      );
    }
  });

  it('ignores other events and refuses malformed subscribe events', () => {
    expect(parsePush({ MsgType: 'text', Content: 'hi', FromUserName: 'o1' })).toEqual({ kind: 'ignored', msgType: 'text', event: '' });
    expect(parsePush({ MsgType: 'event', Event: 'user_enter_tempsession' })).toMatchObject({ kind: 'ignored' });
    const base = { ToUserName: 'gh_1', FromUserName: 'o1', CreateTime: 1, MsgType: 'event', Event: 'subscribe_msg_popup_event' };
    expect(parsePush({ ...base, List: [] }).kind).toBe('invalid');
    expect(parsePush({ ...base, List: { TemplateId: 't', SubscribeStatusString: 'maybe' } }).kind).toBe('invalid');
    expect(parsePush({ ...base, CreateTime: 'soon', List: { TemplateId: 't', SubscribeStatusString: 'accept' } }).kind).toBe('invalid');
    fc.assert(
      fc.property(fc.anything(), (x) => {
        expect(['push', 'ignored', 'invalid']).toContain(parsePush(x).kind);
      }),
    );
  });
});

describe('refusePushCaller', () => {
  it('strict mode: only the pinned platform SOURCE', () => {
    expect(refusePushCaller({ SOURCE: 'wx_msgpush', OPENID: 'o1' }, 'o1', 'wx_msgpush')).toBeNull();
    expect(refusePushCaller({ SOURCE: 'wx_client', OPENID: 'o1' }, 'o1', 'wx_msgpush')).toMatch(/not one of/);
    expect(refusePushCaller({ SOURCE: 'wx_unknown' }, 'o1', 'wx_msgpush')).toMatch(/not one of/);
  });
  it('default mode: every documented caller source is refused, alone or in a chain', () => {
    for (const s of ['wx_client', 'wx_devtools', 'wx_http', 'wx_trigger', 'wx_client,scf', 'wx_function', 'wx_localdebug'])
      expect(refusePushCaller({ SOURCE: s }, 'o1', undefined)).not.toBeNull();
    expect(refusePushCaller({}, 'o1', undefined)).toBe('no SOURCE');
    expect(refusePushCaller({ SOURCE: 'wx_unknown', OPENID: 'o1' }, 'o1', undefined)).toBeNull();
  });
  it('the context user must be the pushing user', () => {
    expect(refusePushCaller({ SOURCE: 'wx_msgpush', OPENID: 'o2' }, 'o1', 'wx_msgpush')).toMatch(/OPENID/);
  });
});
