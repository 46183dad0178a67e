import { envChoice } from './env-choice';

const V = 'QX_ENV_CHOICE_TEST';
afterEach(() => delete process.env[V]);

describe('envChoice', () => {
  it('takes the option, else the variable, else the fallback', () => {
    expect(envChoice(V, ['a', 'b'], undefined, 'a')).toBe('a');
    process.env[V] = 'b';
    expect(envChoice(V, ['a', 'b'], undefined, 'a')).toBe('b');
    expect(envChoice(V, ['a', 'b'], 'a', 'a')).toBe('a');
    process.env[V] = '';
    expect(envChoice(V, ['a', 'b'], undefined, 'b')).toBe('b');
  });

  it('refuses a value outside the readings, naming them, rather than guess', () => {
    process.env[V] = 'B';
    expect(() => envChoice(V, ['a', 'b'], undefined, 'a')).toThrow(`${V} must be a or b, not "B"`);
    expect(() => envChoice(V, ['a', 'b'], 'c' as 'a', 'a')).toThrow('not "c"');
  });
});
