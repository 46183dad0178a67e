import { Pacer } from './pacer';

describe('Pacer', () => {
  it('spaces sends at 1/rate seconds', async () => {
    let t = 0;
    const waits: number[] = [];
    const p = new Pacer(
      10,
      () => t,
      async (ms) => {
        waits.push(ms);
        t += ms;
      },
    );
    for (let i = 0; i < 5; i++) await p.take();
    expect(waits).toEqual([100, 100, 100, 100]);
    expect(t).toBe(400);
  });
  it('does not bank idle time into a burst', async () => {
    let t = 0;
    const waits: number[] = [];
    const p = new Pacer(
      10,
      () => t,
      async (ms) => {
        waits.push(ms);
        t += ms;
      },
    );
    await p.take();
    t += 5000;
    await p.take();
    await p.take();
    expect(waits).toEqual([100]);
  });
});
