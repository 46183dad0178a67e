import { memoryDb } from '../db/testing/memory-sdk';
import { COLLECTIONS } from '../contracts/collections';
import { fromOutside, requireStaffOrCloud, type CallerContext } from './guard';

describe('requireStaffOrCloud', () => {
  const setup = async () => {
    const { db } = memoryDb();
    await db.insert(COLLECTIONS.admins, [
      { _id: 'o_staff', role: 'staff' },
      { _id: 'o_former', role: 'former' },
    ]);
    return (ctx: CallerContext) =>
      requireStaffOrCloud(db, ctx, '仅员工').then(
        () => 'ok',
        (e: { code: string }) => e.code,
      );
  };

  it('lets staff and the cloud in, under either reading of how a call chain carries identity', async () => {
    const check = await setup();
    for (const ctx of [
      { SOURCE: 'wx_trigger' },
      { SOURCE: 'wx_devtools' },
      { SOURCE: 'wx_function' },
      // admin (asked by staff from the mini program) calls dispatch/refit/value: with or without the OPENID passed down
      { SOURCE: 'wx_client,scf' },
      { OPENID: 'o_staff', SOURCE: 'wx_client,scf' },
      { OPENID: 'o_staff', SOURCE: 'wx_client' },
      { SOURCE: 'wx_localdebug' },
    ])
      expect([ctx, await check(ctx)]).toEqual([ctx, 'ok']);
  });

  it('refuses customers, former staff and calls straight from a client or HTTP', async () => {
    const check = await setup();
    for (const ctx of [
      { OPENID: 'o_customer', SOURCE: 'wx_client' },
      { OPENID: 'o_customer', SOURCE: 'wx_client,scf' },
      { OPENID: 'o_former', SOURCE: 'wx_client' },
      { SOURCE: 'wx_client' },
      { SOURCE: 'wx_http' },
      { SOURCE: 'wx_trigger,wx_http' },
      { SOURCE: ' wx_client ' },
    ])
      expect([ctx, await check(ctx)]).toEqual([ctx, 'FORBIDDEN']);
  });

  it('counts as inside only the sources that are: every other documented or unknown one is outside', async () => {
    // getWXContext's reference lists wx_crawler (the mini-program crawler), wx_paycallback,
    // wx_unknown and "其他: 非微信端触发" besides the client and HTTP sources; none is the cloud itself.
    const check = await setup();
    for (const ctx of [
      { SOURCE: 'wx_crawler' },
      { SOURCE: 'wx_unknown' },
      { SOURCE: 'wx_paycallback' },
      { SOURCE: 'wx_msgpush' },
      { SOURCE: 'web_anonymous' },
      { SOURCE: 'scf,wx_unknown' },
      { SOURCE: '' },
      {},
    ])
      expect([ctx, await check(ctx)]).toEqual([ctx, 'FORBIDDEN']);
  });

  it('reads the last hop of a chain', () => {
    expect(fromOutside('wx_client,scf')).toBe(false);
    expect(fromOutside('scf,wx_client')).toBe(true);
    expect(fromOutside(undefined)).toBe(true);
  });
});
