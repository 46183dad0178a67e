import { windowLevel } from '../../cloudfunctions/common/value/learned';
import { groupWindowOffsets } from './group-window-trees';

const y = [0, 1, 0, 3, 2, 0];
const offsets = [-1, -1.2, -0.8, 0.4, 0.1, -0.3];

describe('window level per group', () => {
  it('is the window level when everyone is in one group', () => {
    const level = windowLevel(y, offsets);
    groupWindowOffsets(
      y,
      offsets,
      y.map(() => false),
    ).forEach((o, i) => expect(o).toBeCloseTo(offsets[i] + level, 12));
  });

  it('takes each group’s own level out', () => {
    const oneTime = [true, true, true, false, false, false];
    const out = groupWindowOffsets(y, offsets, oneTime);
    expect(out[0] - offsets[0]).toBeCloseTo(windowLevel(y.slice(0, 3), offsets.slice(0, 3)), 12);
    expect(out[5] - offsets[5]).toBeCloseTo(windowLevel(y.slice(3), offsets.slice(3)), 12);
    expect(out[0] - offsets[0]).not.toBeCloseTo(out[5] - offsets[5], 3);
  });
});
