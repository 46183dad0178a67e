/**
 * A staff export too big for a function's answer. CloudBase passes at most 1 MB back to a mini
 * program (EXCEED_MAX_RESPONSE_SIZE), and its own remedy for exports is a file in cloud storage
 * with a temporary URL — what Firebase and PostHog do with big exports too. So an export up to
 * {@link INLINE_EXPORT_BYTES} is answered inline (the page copies it at once); a bigger one is
 * written to a file at the caller's path and answered as a link (a rule segment's: one file per
 * export, which retention deletes an hour after it began — export-names.ts).
 */
import { QxError } from '../contracts/errors';
import type { ModelFiles } from '../model-store/ports';

/**
 * Cloud storage as the admin function uses it (wx-server-sdk `uploadFile` / `getTempFileURL`;
 * `idOf` predicts a fileID as the model store's ports do, `remove` takes a missing file as deleted).
 */
export interface ExportFiles extends Pick<ModelFiles, 'upload' | 'idOf' | 'remove'> {
  /** A temporary download URL of `fileID`, valid about `maxAgeS` seconds. */
  tempUrl(fileID: string, maxAgeS: number): Promise<string>;
}

/** Largest export answered inline: a quarter of the 1 MB answer, leaving room for the envelope. */
export const INLINE_EXPORT_BYTES = 256 * 1024;
/**
 * How long the link works: 10 minutes, the most WeChat promises for a private file's temp URL
 * ("私有的文件获取的链接十分钟有效期", getTempFileURL reference; an older page allowed a day). Asking
 * more would make the page promise a lifetime the link may not have.
 */
export const EXPORT_LINK_S = 600;

/** An export: inline text, or a file and its link. */
export type ExportAnswer = { csv: string; file?: undefined } | { csv?: undefined; file: { fileID: string; url: string; bytes: number; expiresInS: number } };

/** An export file stored while an erasure of one of its rows ran: deleted, staff export again. */
export class ExportRacedError extends QxError {
  override name = 'ExportRacedError';
  constructor(cloudPath: string) {
    super('CONFLICT', '导出期间有客户删除了个人数据，这份文件已作废，请重新导出', { cloudPath });
  }
}

/** How a file export is named and checked (see {@link exportAnswer}). */
export interface ExportHooks {
  /** Records the fileID where an erasure looks for it; runs before the file is stored. */
  name(fileID: string): Promise<void>;
  /**
   * After the file is stored: whether it may hold a customer erased since the export began
   * reading (an erasure that ran in between may have deleted the previous file before this one
   * was stored, and will not come back for it).
   */
  stale?(): Promise<boolean>;
  /** Marks the name void (staff's list says why the file is gone); runs before a stale file is deleted. */
  voided?(): Promise<void>;
}

/**
 * Answers `text` inline when small, else as a file at `cloudPath`.
 * `name` records the file's fileID where an erasure looks for it, before the file is stored: a call
 * dying in between leaves a name without a file (deleted tolerantly), never a file nothing names.
 * A stored file that `stale` says may hold an erased customer — or that it could not check — is
 * marked void, deleted, and the export refused.
 */
export async function exportAnswer(text: string, cloudPath: string, files: ExportFiles | undefined, hooks: ExportHooks): Promise<ExportAnswer> {
  const bytes = Buffer.byteLength(text);
  if (bytes <= INLINE_EXPORT_BYTES || !files) return { csv: text };
  const fileID = await files.idOf(cloudPath);
  await hooks.name(fileID);
  // A CSV file is opened in Excel or WPS, which read UTF-8 as the local code page without a BOM
  // (Chinese reasons and headers come out garbled); inline text is pasted, so it has none.
  const body = cloudPath.endsWith('.csv') ? `\ufeff${text}` : text;
  const stored = await files.upload(cloudPath, Buffer.from(body));
  if (stored !== fileID) {
    await files.remove([stored]);
    throw new Error(`export ${cloudPath} was stored as ${stored}, not as ${fileID} as predicted`);
  }
  // A check that could not be made is no answer: the file may hold a customer erased meanwhile,
  // whose erasure will not come back for it, so it goes as a stale one would (and the failure is
  // thrown; staff export again).
  let failed: { error: unknown } | undefined;
  const stale = await Promise.resolve(hooks.stale?.()).catch((error: unknown) => {
    failed = { error };
    return true;
  });
  if (stale) {
    await hooks.voided?.();
    await files.remove([fileID]);
    throw failed ? failed.error : new ExportRacedError(cloudPath);
  }
  return { file: { fileID, url: await files.tempUrl(fileID, EXPORT_LINK_S), bytes: Buffer.byteLength(body), expiresInS: EXPORT_LINK_S } };
}
