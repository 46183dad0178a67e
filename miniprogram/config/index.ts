/**
 * Taro build config for the customer mini program. The same sources build for weapp
 * (`dist/weapp`, loaded by WeChat DevTools through project.config.json) and for h5 (`dist/h5`,
 * served by the local cloud at `/`, reaching functions through its HTTP gateway).
 */
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin';
import devConfig from './dev';
import prodConfig from './prod';

const tsconfig = path.resolve(__dirname, '../../tsconfig.json');
// The event contract is shared with the cloud functions and lives outside src: compile it too.
const contracts = path.resolve(__dirname, '../../cloudfunctions/common/contracts');
// …and the one module outside contracts/ a contract imports (schedule-pick.ts: Beijing wall clock).
const beijingTime = path.resolve(__dirname, '../../cloudfunctions/common/beijing-time.ts');
// …and the segment naming the admin pages share with the admin function (one name per segment).
const segmentName = path.resolve(__dirname, '../../cloudfunctions/common/segments/display-name.ts');

export default defineConfig<'webpack5'>(async (merge) => {
  const env = process.env.TARO_ENV ?? 'weapp';
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'qunxiang',
    date: '2026-11-23',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${env}`,
    plugins: [],
    defineConstants: {
      // WeChat cloud environment id for weapp builds (empty: the DevTools' current environment).
      QX_CLOUD_ENV: JSON.stringify(process.env.QX_CLOUD_ENV ?? ''),
      // Debug mode of the tracker (logs every decision); on in development builds.
      QX_TRACKER_DEBUG: JSON.stringify(process.env.QX_TRACKER_DEBUG ?? (process.env.NODE_ENV === 'development' ? '1' : '')),
    },
    alias: { '@': path.resolve(__dirname, '../src') },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [contracts, beijingTime, segmentName] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin, [{ configFile: tsconfig }]);
      },
    },
    h5: {
      compile: { include: [contracts, beijingTime, segmentName] },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[hash].css', chunkFilename: 'css/[name].[chunkhash].css' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin, [{ configFile: tsconfig }]);
      },
    },
  };
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
