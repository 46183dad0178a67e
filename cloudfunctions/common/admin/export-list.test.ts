import { EXPORT_LINK_S } from './export-file';
import { exportList } from './export-list';

const T0 = Date.UTC(2026, 11, 6, 2);
const file = (id: string) => `cloud://env/exports/rule-segments/rule_a/${id}.csv`;

it("lists a rule's named exports newest first, each with what its link does now", () => {
  const rule = {
    exportFiles: {
      e1: { fileID: file('e1'), at: T0 - 3_000_000 },
      e2: { fileID: file('e2'), at: T0 - 60_000, voidedAt: T0 - 1000 },
      e3: { fileID: file('e3'), at: T0 - 30_000 },
      junk: { at: T0 },
    },
    exportFileId: 'cloud://env/exports/rule-segments/rule_a.csv',
  };
  expect(exportList(rule, T0)).toEqual([
    { id: 'e3', at: T0 - 30_000, linkUntil: T0 - 30_000 + EXPORT_LINK_S * 1000, state: 'ready' },
    { id: 'e2', at: T0 - 60_000, linkUntil: T0 - 60_000 + EXPORT_LINK_S * 1000, state: 'voided', voidedAt: T0 - 1000 },
    { id: 'e1', at: T0 - 3_000_000, linkUntil: T0 - 3_000_000 + EXPORT_LINK_S * 1000, state: 'expired' },
  ]);
  // The link's last moment counts as expired.
  expect(exportList({ exportFiles: { e3: rule.exportFiles.e3 } }, T0 - 30_000 + EXPORT_LINK_S * 1000)[0]?.state).toBe('expired');
  expect(exportList({}, T0)).toEqual([]);
});
