/**
 * A signed link to a stored file, as the admin function hands one to staff (export files).
 * wx-server-sdk's `getTempFileURL` answers per file: a file it cannot link (gone, in another
 * environment, not permitted) comes back with a non-zero `status` and an empty `tempFileURL`, not
 * as a thrown error — so reading only the URL handed staff an empty link and a success.
 */

/** A link to a stored file could not be made; `status` is the SDK's per-file code. */
export class TempUrlError extends Error {
  constructor(
    readonly fileID: string,
    readonly status: number,
    detail: string,
  ) {
    super(`no link to ${fileID}: status ${status} ${detail}`);
    this.name = 'TempUrlError';
  }
}

/** The one wx-server-sdk call this needs. */
export interface TempUrlSdk {
  getTempFileURL(options: { fileList: Array<{ fileID: string; maxAge: number }> }): Promise<unknown>;
}

interface LinkAnswer {
  fileList?: Array<{ fileID?: string; status?: number; errMsg?: string; tempFileURL?: string }>;
}

/** `tempUrl(fileID, maxAgeS)` over the SDK: the link, or a TempUrlError naming why there is none. */
export function wxTempUrl(sdk: TempUrlSdk): (fileID: string, maxAgeS: number) => Promise<string> {
  return async (fileID, maxAge) => {
    const res = (await sdk.getTempFileURL({ fileList: [{ fileID, maxAge }] })) as LinkAnswer;
    const item = res.fileList?.[0];
    if (!item) throw new TempUrlError(fileID, -1, 'no answer for the file');
    if ((item.status ?? 0) !== 0 || !item.tempFileURL) {
      throw new TempUrlError(fileID, item.status ?? -1, item.errMsg ?? 'empty link');
    }
    return item.tempFileURL;
  };
}
