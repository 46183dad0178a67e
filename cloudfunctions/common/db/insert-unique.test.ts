/**
 * `Db.insertUnique` tells this call's stored insert from another writer's, whatever answer came:
 * a duplicate `_id` and a lost answer both arrive as -501001, a lost answer also as -501002 or -1
 * (duplicate-key.ts), and the write-id (write-id.ts) decides.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import fc from 'fast-check';
import { DB_REQUEST_FAILED } from './duplicate-key';
import { LOST_ANSWERS, loseAddAnswers, loseAddAnswersAs } from './testing/lost-answer';
import { memorySdk } from './testing/memory-sdk';
import { WRITE_ID_FIELD } from './write-id';
import { Db, DbError, DuplicateKeyError, InsertOutcomeUnknownError, ReservedFieldError, type SdkDatabase } from './wx-db';

type Sdk = ReturnType<typeof memorySdk>;
const LOST = LOST_ANSWERS.timeout;
/** Every way wx-server-sdk answers an insert whose answer it lost, by name. */
const LOST_EACH = Object.entries(LOST_ANSWERS);

/** `sdk` whose adds on `coll` do what they do (store, or be refused) and then answer `err` instead. */
function answerWith(sdk: Sdk, err: unknown): SdkDatabase {
  return {
    ...sdk,
    collection(name: string) {
      const c = sdk.collection(name);
      return { ...c, add: async (a: any) => (await c.add(a).catch(() => undefined), Promise.reject(err)) };
    },
  };
}

describe('Db.insertUnique', () => {
  it('stored and answered: true, and no reader sees the write-id', async () => {
    const sdk = memorySdk();
    const db = new Db(sdk);
    expect(await db.insertUnique('c', { _id: 'a', v: 1 })).toBe(true);
    expect(typeof sdk.tables.get('c')!.get('a')![WRITE_ID_FIELD]).toBe('string');
    expect(await db.getById('c', 'a')).toEqual({ _id: 'a', v: 1 });
    expect(await db.find('c', {})).toEqual([{ _id: 'a', v: 1 }]);
    expect([...(await db.findByIds('c', ['a'])).values()]).toEqual([{ _id: 'a', v: 1 }]);
    expect(await db.findAll('c', {})).toEqual([{ _id: 'a', v: 1 }]);
    expect((await db.keysetPage('c', {}, { limit: 10 })).docs).toEqual([{ _id: 'a', v: 1 }]);
  });

  it.each(LOST_EACH)('stored, answer lost (%s): true — the stored document is this call’s', async (_name, answer) => {
    const sdk = loseAddAnswersAs(answer, memorySdk(), 'c');
    expect(await new Db(sdk).insertUnique('c', { _id: 'a', v: 1 })).toBe(true);
    expect(sdk.tables.get('c')!.get('a')).toMatchObject({ v: 1 });
  });

  it('taken by another writer: false, the other document stands', async () => {
    const sdk = memorySdk();
    expect(await new Db(sdk).insertUnique('c', { _id: 'a', by: 'other' })).toBe(true);
    expect(await new Db(sdk).insertUnique('c', { _id: 'a', by: 'me' })).toBe(false);
    // A document written before write-ids existed (or by a plain insert) is another's too.
    await new Db(sdk).insert('c', [{ _id: 'b', by: 'legacy' }]);
    expect(await new Db(sdk).insertUnique('c', { _id: 'b', by: 'me' })).toBe(false);
    expect(sdk.tables.get('c')!.get('a')).toMatchObject({ by: 'other' });
  });

  it.each(LOST_EACH)('taken by another writer AND this call’s answer lost (%s): false', async (_name, answer) => {
    const sdk = memorySdk();
    // The other writer's own answer was lost too: it still knows it won.
    expect(await new Db(loseAddAnswers(memorySdk(sdk.tables), 'c')).insertUnique('c', { _id: 'a', by: 'other' })).toBe(true);
    expect(await new Db(answerWith(sdk, answer)).insertUnique('c', { _id: 'a', by: 'me' })).toBe(false);
    expect(sdk.tables.get('c')!.get('a')).toMatchObject({ by: 'other' });
  });

  it('refused, nothing stored under the id: thrown as it came, whatever the code', async () => {
    const refusals = [{ errCode: DB_REQUEST_FAILED, errMsg: 'bad document' }, { errCode: -502003, errMsg: 'permission denied' }];
    for (const err of [...refusals, ...Object.values(LOST_ANSWERS)]) {
      const sdk = memorySdk();
      const db = new Db({ ...sdk, collection: (n: string) => ({ ...sdk.collection(n), add: () => Promise.reject(err) }) });
      const out = await db.insertUnique('c', { _id: 'a' }).catch((e: unknown) => e);
      expect(out).toBeInstanceOf(DbError);
      expect(out).not.toBeInstanceOf(DuplicateKeyError);
      expect((out as DbError).errCode).toBe(err.errCode);
    }
  });

  it.each(LOST_EACH)('answer lost (%s) and the read-back failed too: the outcome is unknown, the error carries the write-id, and isOwnWrite answers later', async (_name, answer) => {
    for (const stored of [true, false]) {
      const sdk = memorySdk();
      const other = new Db(sdk);
      if (!stored) await other.insertUnique('c', { _id: 'a', by: 'other' }, { writeId: 'theirs' });
      let reads = 0;
      const db = new Db({
        ...sdk,
        collection(n: string) {
          const c = sdk.collection(n);
          const failingRead = (q: any): any => ({
            ...q,
            limit: (k: number) => failingRead(q.limit(k)),
            field: (f: any) => failingRead(q.field(f)),
            get: () => (++reads === 1 ? Promise.reject(LOST) : q.get()),
          });
          return { ...c, where: (w: any) => failingRead(c.where(w)), add: async (a: any) => (await c.add(a).catch(() => undefined), Promise.reject(answer)) };
        },
      });
      const err = (await db.insertUnique('c', { _id: 'a', by: 'me' }, { writeId: 'mine' }).catch((e: unknown) => e)) as InsertOutcomeUnknownError;
      expect(err).toBeInstanceOf(InsertOutcomeUnknownError);
      expect(err).toBeInstanceOf(DbError); // callers that handle DbError still do
      expect(err).toMatchObject({ coll: 'c', id: 'a', writeId: 'mine', errCode: answer.errCode });
      // Asked again once the database answers: stored by this insert, or another writer's.
      expect(await db.isOwnWrite('c', 'a', err.writeId)).toBe(stored);
      expect(await db.isOwnWrite('c', 'a', 'theirs')).toBe(!stored);
      expect(await db.isOwnWrite('c', 'absent', err.writeId)).toBe(false);
    }
  });

  it('the write-id is the database layer’s: a caller cannot write it, a batch duplicate does not show it', async () => {
    const sdk = memorySdk();
    const db = new Db(sdk);
    await expect(db.insertUnique('c', { _id: 'a', [WRITE_ID_FIELD]: 'mine' })).rejects.toBeInstanceOf(ReservedFieldError);
    await expect(db.insert('c', [{ _id: 'b', [WRITE_ID_FIELD]: 'x' }])).rejects.toBeInstanceOf(ReservedFieldError);
    expect(sdk.tables.get('c')?.size ?? 0).toBe(0);
    await db.insertUnique('c', { _id: 'a', v: 1 });
    const err = (await db.insert('c', [{ _id: 'a', v: 2 }]).catch((e: unknown) => e)) as DuplicateKeyError;
    expect(err).toBeInstanceOf(DuplicateKeyError);
    expect(err.present.get('a')).toEqual({ _id: 'a', v: 1 });
  });
});

describe('Db.insertUnique under racing writers with lost answers (property)', () => {
  /** What happens to one writer's request: answered; stored (if it can be) and answer lost; never arrived. */
  const FATES = ['answered', 'lost-answer', 'lost-request'] as const;
  type Fate = (typeof FATES)[number];
  /** A writer's fate, and the code its failure (if any) arrives with. */
  type Plan = [Fate, (typeof LOST_ANSWERS)[keyof typeof LOST_ANSWERS]];
  const plan = fc.tuple(fc.constantFrom(...FATES), fc.constantFrom(...Object.values(LOST_ANSWERS)));

  /** A view of the shared tables whose every add and get waits for the scheduler: writers interleave in any order. */
  function writerSdk(tables: Sdk['tables'], s: fc.Scheduler, [fate, answer]: Plan, who: number): SdkDatabase {
    const sdk = memorySdk(tables);
    const step = (what: string) => s.schedule(Promise.resolve(), `${who} ${what}`);
    return {
      ...sdk,
      collection(name: string) {
        const c = sdk.collection(name);
        const q = (inner: any): any => ({
          ...inner,
          where: (w: any) => q(inner.where(w)),
          limit: (n: number) => q(inner.limit(n)),
          get: async () => (await step('read back'), inner.get()),
        });
        return {
          ...q(c),
          async add(a: any) {
            await step('insert');
            if (fate === 'lost-request') throw answer;
            const res = await c.add(a);
            if (fate === 'lost-answer') throw answer;
            return res;
          },
        };
      },
    };
  }

  it('exactly one writer believes it won when a document is stored, and it is the one whose document is stored', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(plan, { minLength: 1, maxLength: 6 }), async (s, plans) => {
        const tables: Sdk['tables'] = new Map();
        const fates = plans.map(([fate]) => fate);
        const runs = plans.map((p, who) =>
          new Db(writerSdk(tables, s, p, who)).insertUnique('claims', { _id: 'k', who }).then(
            (won) => ({ who, won, threw: false }),
            (err: unknown) => {
              if (!(err instanceof DbError)) throw err;
              return { who, won: false, threw: true };
            },
          ),
        );
        const results = await s.waitFor(Promise.all(runs));
        const stored = tables.get('claims')?.get('k');
        const winners = results.filter((r) => r.won).map((r) => r.who);
        expect(winners).toEqual(stored ? [stored.who] : []);
        // A writer whose request arrived always gets an answer (true or false), never a throw.
        for (const r of results) if (fates[r.who] !== 'lost-request') expect(r.threw).toBe(false);
        // Something is stored exactly when some request arrived.
        expect(!!stored).toBe(fates.some((f) => f !== 'lost-request'));
      }),
      { numRuns: 300 },
    );
  });
});
