import { sameDoc } from './same-doc';

describe('sameDoc', () => {
  it('ignores key order and undefined fields, compares Dates by instant', () => {
    expect(sameDoc({ b: 1, a: { y: [1, { z: 2 }], x: null } }, { a: { x: null, y: [1, { z: 2 }] }, b: 1, c: undefined })).toBe(true);
    expect(sameDoc({ at: new Date(5) }, { at: new Date(5) })).toBe(true);
    expect(sameDoc({ at: new Date(5) }, { at: new Date(6) })).toBe(false);
    expect(sameDoc({ a: 1 }, { a: '1' })).toBe(false);
  });

  it('never equates a missing document or a value the database computes', () => {
    expect(sameDoc(undefined, {})).toBe(false);
    class ServerDate {
      constructor(readonly offset = 0) {}
    }
    const sent = { at: new ServerDate() };
    expect(sameDoc(sent, sent)).toBe(false);
    expect(sameDoc({ at: {} }, { at: new ServerDate() })).toBe(false);
  });
});
