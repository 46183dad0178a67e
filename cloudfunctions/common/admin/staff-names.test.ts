import { memoryDb } from '../db/testing/memory-sdk';
import { COLLECTIONS } from '../contracts/collections';
import { staffLabel, staffLog, staffNames } from './staff-names';

describe('how a record of what staff did names them', () => {
  it('by the name on their admins record, else a masked openid (never the whole openid)', async () => {
    const { db } = memoryDb();
    await db.insert(COLLECTIONS.admins, [
      { _id: 'oStaffNamed0001', role: 'staff', name: ' 王店长 ' },
      { _id: 'oStaffNoName002', role: 'staff' },
      { _id: 'oStaffGone00003', role: 'former', name: '李店员' },
    ]);
    const names = await staffNames(db, ['oStaffNamed0001', 'oStaffNoName002', 'oStaffGone00003', 'oNeverStaff04', 'oStaffNamed0001']);
    expect(Object.fromEntries(names)).toEqual({
      oStaffNamed0001: '王店长',
      oStaffNoName002: '员工 oSt…002',
      // Access withdrawn, record kept: still named.
      oStaffGone00003: '李店员',
      oNeverStaff04: '员工 oNe…f04',
    });
    expect(
      staffLog(
        [
          { action: 'pause', by: 'oStaffNamed0001', at: 1 },
          { action: 'resume', by: 'oElse00000009', at: 2 },
        ],
        names,
      ),
    ).toEqual([
      { action: 'pause', at: 1, who: '王店长' },
      { action: 'resume', at: 2, who: '员工 oEl…009' },
    ]);
    expect(staffLabel('o1', { name: '' })).toBe('员工 o***');
    expect(await staffNames(db, [])).toEqual(new Map());
  });
});
