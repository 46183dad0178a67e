/** retryWhileUnavailable asks again only while the answer is UNAVAILABLE, and at most `retries` times. */
import { retryWhileUnavailable } from './retry-unavailable';

const slow = { ok: false, error: { code: 'UNAVAILABLE' } };
const done = { ok: true, data: 1 };
beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

const answering = (...answers: object[]) => {
  const call = jest.fn(async () => answers.shift() ?? done);
  return call;
};

it('asks again after UNAVAILABLE and returns the answer that came', async () => {
  const call = answering(slow, slow);
  expect(await retryWhileUnavailable('x', call)).toEqual(done);
  expect(call).toHaveBeenCalledTimes(3);
  expect(console.warn).toHaveBeenCalledTimes(2);
});

it('gives up after `retries` more asks, returning the last UNAVAILABLE', async () => {
  const call = answering(slow, slow, slow, slow);
  expect(await retryWhileUnavailable('x', call, 2)).toEqual(slow);
  expect(call).toHaveBeenCalledTimes(3);
});

it.each([
  ['INTERNAL', { ok: false, error: { code: 'INTERNAL' } }],
  ['FORBIDDEN', { ok: false, error: { code: 'FORBIDDEN' } }],
  ['a success', done],
])('returns %s at once', async (_n, answer) => {
  const call = answering(answer);
  expect(await retryWhileUnavailable('x', call)).toEqual(answer);
  expect(call).toHaveBeenCalledTimes(1);
});
