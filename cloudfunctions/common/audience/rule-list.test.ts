import { COLLECTIONS } from '../contracts/collections';
import { memoryDb } from '../db/testing/memory-sdk';
import { listRuleSegments, loadRules, targetedRules } from './rule-store';

/** `n` rules, two saved in each millisecond (ties the page order must break by `_id`). */
const rules = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    _id: `rule_r${String(i).padStart(5, '0')}`,
    name: `规则${i}`,
    version: 1,
    include: { op: 'and', items: [{ kind: 'range', field: 'monetary_90d', min: 1 }] },
    createdBy: 's',
    createdAt: 1_000 + i,
    updatedAt: 1_000 + Math.floor(i / 2),
    updatedBy: 's',
  }));
const newestFirst = (n: number) => rules(n).map((r) => r._id).reverse();

describe('listRuleSegments', () => {
  it('answers the newest 200 of 250 rules where the cloud caps an answer at 100 documents', async () => {
    const { db } = memoryDb({ pageCap: 100 });
    await db.insert(COLLECTIONS.ruleSegments, rules(250));
    const first = await listRuleSegments(db);
    expect(first.map((r) => r._id)).toEqual(newestFirst(250).slice(0, 200));
    const last = first[199];
    const rest = await listRuleSegments(db, { before: { updatedAt: last.updatedAt, _id: last._id }, limit: 200 });
    expect(rest.map((r) => r._id)).toEqual(newestFirst(250).slice(200));
  });

  it('pages of 7 walk every rule once, in order', async () => {
    const { db } = memoryDb();
    await db.insert(COLLECTIONS.ruleSegments, rules(30));
    const seen: string[] = [];
    let before: { updatedAt: number; _id: string } | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await listRuleSegments(db, { limit: 7, ...(before ? { before } : {}) });
      seen.push(...page.map((r) => r._id));
      if (page.length < 7) break;
      before = { updatedAt: page[6].updatedAt, _id: page[6]._id };
    }
    expect(seen).toEqual(newestFirst(30));
  });
});

describe('listRuleSegments by name', () => {
  it('pages the rules whose name contains the text, newest first, past a 100-document answer', async () => {
    const { db } = memoryDb({ pageCap: 100 });
    await db.insert(COLLECTIONS.ruleSegments, rules(250));
    // 规则1, 规则10–19, 规则100–199: 111 names contain 「规则1」.
    const want = newestFirst(250).filter((id) => String(Number(id.slice(6))).startsWith('1'));
    const first = await listRuleSegments(db, { name: '规则1', limit: 105 });
    expect(first.map((r) => r._id)).toEqual(want.slice(0, 105));
    const last = first[104];
    const rest = await listRuleSegments(db, { name: '规则1', before: { updatedAt: last.updatedAt, _id: last._id } });
    expect(rest.map((r) => r._id)).toEqual(want.slice(105));
    expect(await listRuleSegments(db, { name: '.*' })).toEqual([]);
  });
});

describe('loadRules', () => {
  it('reads every targeted rule by id, however many are newer, in answers of at most 100 ids', async () => {
    const { db } = memoryDb({ pageCap: 100 });
    await db.insert(COLLECTIONS.ruleSegments, rules(250));
    const targets = [...rules(250).map((r) => `rule:${r._id}`), 'rule:rule_gone00', 3, 'rule:rule_r00000'];
    const found = await loadRules(db, targets);
    expect(found.size).toBe(250);
    expect(found.get('rule_r00000')).toMatchObject({ name: '规则0' });
    expect(found.has('rule_gone00')).toBe(false);
  });
});

describe('targetedRules', () => {
  it("gives a campaign's saved rules in its order, each once, without deleted rules or model segments", async () => {
    const { db } = memoryDb();
    await db.insert(COLLECTIONS.ruleSegments, rules(3));
    const targets = ['rule:rule_r00002', 7, 'rule:rule_gone00', 'rule:rule_r00000', 'rule:rule_r00002'];
    expect(targetedRules(targets, await loadRules(db, targets)).map((r) => r._id)).toEqual(['rule_r00002', 'rule_r00000']);
  });
});
