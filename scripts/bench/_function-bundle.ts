/**
 * Bundles a bench entry the way a deployed cloud function is bundled (esbuild, the declared Node
 * runtime as target, CommonJS, native onnxruntime-node external, minified), so cold-start benches
 * load what a container loads.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { EXTERNAL_PACKAGES } from '../build/bundle-function';
import { CLOUD_ESBUILD_TARGET } from '../build/cloud-runtime';

/** Writes the bundle of `entry` to `outfile`. */
export async function bundleLikeAFunction(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: CLOUD_ESBUILD_TARGET,
    format: 'cjs',
    external: EXTERNAL_PACKAGES,
    nodePaths: [path.resolve(__dirname, '../../node_modules')],
    minify: true,
    logLevel: 'error',
  });
}
