/**
 * Transactions with WeChat's documented semantics: single-document operations only (doc get /
 * set / update / remove, collection add), read-your-writes inside the transaction, all writes
 * applied in ONE LMDB commit, optimistic conflict check at commit (a document the transaction
 * touched was changed by someone else → DATABASE_TRANSACTION_CONFLICT, which the SDK's
 * runTransaction retries). Open transactions expire after {@link TX_TTL_MS}.
 */
import crypto from 'node:crypto';
import { TcbError } from '../server/envelope';
import type { DocId, StoreOp } from '../store/lmdb-store';
import type { Doc } from './ejson';
import type { DbEngine } from './engine';

/** How long an open transaction lives (a cloud function call lasts at most 60 s). */
export const TX_TTL_MS = 60_000;

interface Touched {
  collection: string;
  id: DocId;
  version: number;
  /** undefined = only read; null = deleted; Doc = written. */
  write?: Doc | null;
}

interface Tx {
  id: string;
  expiresAt: number;
  touched: Map<string, Touched>;
}

const key = (collection: string, id: DocId) => `${collection}\u0000${typeof id}\u0000${id}`;

/** Open transactions over one engine. */
export class TransactionManager {
  private readonly open = new Map<string, Tx>();
  constructor(private readonly engine: DbEngine) {}

  /** Start a transaction; returns its id. */
  start(): string {
    this.sweep();
    const id = crypto.randomBytes(16).toString('hex');
    this.open.set(id, { id, expiresAt: Date.now() + TX_TTL_MS, touched: new Map() });
    return id;
  }

  private tx(id: unknown): Tx {
    const t = typeof id === 'string' ? this.open.get(id) : undefined;
    if (!t || t.expiresAt < Date.now()) {
      if (t) this.open.delete(t.id);
      throw new TcbError('DATABASE_TRANSACTION_FAIL', `transaction ${String(id)} does not exist or has expired`);
    }
    return t;
  }

  private touch(t: Tx, collection: string, id: DocId): Touched {
    const k = key(collection, id);
    let e = t.touched.get(k);
    if (!e) {
      e = { collection, id, version: this.engine.coll(collection).version(id) };
      t.touched.set(k, e);
    }
    return e;
  }

  /** The document as this transaction sees it. */
  read(txId: unknown, collection: string, id: DocId): Doc | undefined {
    const e = this.touch(this.tx(txId), collection, id);
    if (e.write !== undefined) return e.write ?? undefined;
    return this.engine.get(collection, id);
  }

  /** Stage a write (`null` deletes) inside the transaction. */
  write(txId: unknown, collection: string, id: DocId, doc: Doc | null): void {
    this.touch(this.tx(txId), collection, id).write = doc;
  }

  /** Commit: conflict check, then every staged write in one LMDB transaction. */
  async commit(txId: unknown): Promise<void> {
    const t = this.tx(txId);
    this.open.delete(t.id);
    const ops: StoreOp[] = [];
    for (const e of t.touched.values()) {
      if (this.engine.coll(e.collection).version(e.id) !== e.version)
        throw new TcbError('DATABASE_TRANSACTION_CONFLICT', `transaction conflict on ${e.collection}/${String(e.id)}`);
      if (e.write !== undefined) ops.push({ collection: e.collection, id: e.id, doc: e.write });
    }
    await this.engine.apply(ops);
  }

  /** Abort: drop every staged write. */
  abort(txId: unknown): void {
    this.open.delete(this.tx(txId).id);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, t] of this.open) if (t.expiresAt < now) this.open.delete(id);
  }
}
