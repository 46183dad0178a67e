import { instanceExecArgv } from './instance';

it('drops inherited TypeScript loader flags but keeps the other node flags', () => {
  expect(
    instanceExecArgv([
      '--max-old-space-size=512',
      '--require',
      '/repo/node_modules/tsx/dist/preflight.cjs',
      '--import=file:///repo/node_modules/tsx/dist/loader.mjs',
      '--require',
      './other.js',
      '--cpu-prof',
    ]),
  ).toEqual(['--max-old-space-size=512', '--require', './other.js', '--cpu-prof']);
  expect(instanceExecArgv(['--import', 'tsx', '--cpu-prof'])).toEqual(['--cpu-prof']);
  expect(instanceExecArgv([])).toEqual([]);
});
