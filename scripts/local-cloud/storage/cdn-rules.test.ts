import { cdnOnDeleteRule, cdnOnOverwriteRule } from './cdn-rules';

// Each rule: its variable, its lenient value, and a value it refuses (the other rule's lenient one
// among them, so the two lists are not mixed up).
describe.each([
  { rule: cdnOnDeleteRule as (opt?: string) => string, variable: 'QX_CDN_ON_DELETE', lenient: 'purge', refused: 'fresh', allowed: 'serve or purge' },
  { rule: cdnOnOverwriteRule as (opt?: string) => string, variable: 'QX_CDN_ON_OVERWRITE', lenient: 'fresh', refused: 'purge', allowed: 'serve or fresh' },
])('$variable', ({ rule, variable, lenient, refused, allowed }) => {
  const saved = process.env[variable];
  afterEach(() => {
    if (saved === undefined) delete process.env[variable];
    else process.env[variable] = saved;
  });

  it('takes the option, else the variable, else serve; refuses anything else', () => {
    delete process.env[variable];
    expect(rule()).toBe('serve');
    process.env[variable] = lenient;
    expect(rule()).toBe(lenient);
    expect(rule('serve')).toBe('serve');
    process.env[variable] = refused;
    expect(() => rule()).toThrow(`${variable} must be ${allowed}, not "${refused}"`);
  });
});
