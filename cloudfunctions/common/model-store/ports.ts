/** The model store's ports: its documents and its files. Implemented in memory and on wx-server-sdk. */
import type { PointerDoc, VersionDoc, VersionFile } from './types';

/** Documents of the model store. */
export interface ModelStoreDb {
  getPointer(model: string): Promise<PointerDoc | null>;
  listPointers(): Promise<PointerDoc[]>;
  /**
   * Write `next` only if the stored pointer's `rev` is `expectedRev` (0 = no pointer yet); false when
   * another writer got there first. This single-document conditional write is the commit point of
   * every promotion and rollback.
   */
  swapPointer(expectedRev: number, next: PointerDoc): Promise<boolean>;
  insertVersion(doc: VersionDoc): Promise<void>;
  /**
   * An `uploading` version's files are all stored: make it a candidate with `files` (one conditional
   * write). False when it is not `uploading` any more (retention took it: its publish was too slow).
   */
  finishUpload(model: string, version: string, files: VersionFile[]): Promise<boolean>;
  getVersion(model: string, version: string): Promise<VersionDoc | null>;
  patchVersion(model: string, version: string, patch: Partial<VersionDoc>): Promise<void>;
  /** Newest first. */
  listVersions(model: string, limit: number): Promise<VersionDoc[]>;
}

/** Cloud storage for version files. */
export interface ModelFiles {
  /** Store `content` at `cloudPath`; returns its fileID. */
  upload(cloudPath: string, content: Buffer): Promise<string>;
  download(fileID: string): Promise<Buffer>;
  /**
   * The fileID an upload to `cloudPath` gets, before uploading it: a version's document names its
   * files before they are stored, so a publish that dies halfway leaves none that nothing names.
   */
  idOf(cloudPath: string): Promise<string>;
  /** Deletes the files; one already missing is not an error. */
  remove(fileIDs: string[]): Promise<void>;
}

/** Everything the store needs. */
export interface ModelStorePorts {
  db: ModelStoreDb;
  files: ModelFiles;
  now?: () => Date;
}
