/** The model store's ports: its documents and its files. Implemented in memory and on wx-server-sdk. */
import type { PointerDoc, VersionDoc } from './types';

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
  remove(fileIDs: string[]): Promise<void>;
}

/** Everything the store needs. */
export interface ModelStorePorts {
  db: ModelStoreDb;
  files: ModelFiles;
  now?: () => Date;
}
