import { segmentDisplayName, UNSEGMENTED_NAME } from './display-name';

describe('segmentDisplayName', () => {
  it("prefers the model's name to the one stored on profiles", () => {
    expect(segmentDisplayName('3', { model: '高价值忠诚客户', stored: '新客' })).toBe('高价值忠诚客户');
  });

  it("falls back to the profiles' stored name when the model has none (the 分群 3 / 新客 split)", () => {
    expect(segmentDisplayName('3', { stored: '新客' })).toBe('新客');
    expect(segmentDisplayName(3, { model: null, stored: '新客' })).toBe('新客');
    expect(segmentDisplayName('3', { model: ' ', stored: '新客' })).toBe('新客');
  });

  it('numbers a segment nobody named, and calls the unsegmented 未分群', () => {
    expect(segmentDisplayName('3')).toBe('分群 3');
    expect(segmentDisplayName(3, { stored: '' })).toBe('分群 3');
    expect(segmentDisplayName('none')).toBe(UNSEGMENTED_NAME);
  });
});
