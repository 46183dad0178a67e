/**
 * Readers of the real behaviour data in `../shared/data/behavior` (see its README): the Taobao
 * user-behaviour sample and the CDNOW transactions. Plain comma-separated, no quoting.
 */
import fs from 'node:fs';
import path from 'node:path';

/** One Taobao row. `ts` in Unix seconds. */
export interface TaobaoRow {
  userId: string;
  itemId: string;
  categoryId: string;
  behavior: 'pv' | 'cart' | 'fav' | 'buy';
  ts: number;
}

/** One CDNOW row. */
export interface CdnowRow {
  customerId: string;
  /** YYYY-MM-DD */
  date: string;
  cds: number;
  dollars: number;
}

function lines(file: string): string[][] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[][] = [];
  const rows = text.split('\n');
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i].trim();
    if (r) out.push(r.split(','));
  }
  return out;
}

/** The Taobao sample, in file order. */
export function readTaobao(sharedDataDir: string): TaobaoRow[] {
  return lines(path.join(sharedDataDir, 'behavior', 'taobao_user_behavior_sample.csv')).map(
    ([userId, itemId, categoryId, behavior, ts]) => ({
      userId,
      itemId,
      categoryId,
      behavior: behavior as TaobaoRow['behavior'],
      ts: Number(ts),
    }),
  );
}

/** The CDNOW transactions, in file order. */
export function readCdnow(sharedDataDir: string): CdnowRow[] {
  return lines(path.join(sharedDataDir, 'behavior', 'cdnow_transactions.csv')).map(
    ([customerId, date, cds, dollars]) => ({
      customerId,
      date,
      cds: Number(cds),
      dollars: Number(dollars),
    }),
  );
}
