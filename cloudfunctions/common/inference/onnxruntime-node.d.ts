/**
 * onnxruntime-node 1.16.3 ships without its `dist/index.d.ts` (packaging bug of that release),
 * so we declare it as what it is: the onnxruntime-common API (InferenceSession, Tensor, env).
 * We pin 1.16.3 because it is the last release that runs on the cloud runtime's glibc 2.17.
 */
declare module 'onnxruntime-node' {
  export * from 'onnxruntime-common';
}
