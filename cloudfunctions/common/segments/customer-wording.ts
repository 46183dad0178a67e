/**
 * How a segment is worded for the customer it describes (the 我的 page), as opposed to staff.
 * Staff names say what the shop should do about a group (沉睡/流失风险, 差评风险, 价格敏感);
 * told to the customer they read as labels nobody would put on a person's own page, so the
 * customer sees a plain, neutral name and one sentence about the group instead. The sentence
 * says what the group's members mostly do, never 「你…」: a segment is named after its centre, so
 * a member of 常客 may not have visited this month, and 「你最近常来逛」 above their own 「近30天：
 * 来访0次」 would contradict itself. The reasons (their own figures beside a typical customer's)
 * stay: they are the explanation of an automated decision PIPL art. 24 asks for. Subscribe messages that show a customer their segment
 * use the same wording (campaign/segment-values.ts).
 */
import { currentSegmentName } from './display-name';
import { NAMING_RULES, RULE_PHRASES } from './naming';

/** A customer-facing segment name and sentence. */
export interface CustomerWording {
  /** ≤ 5 Chinese characters, no symbols: fits a subscribe message's `phrase` field as it is */
  name: string;
  /** What the group's members mostly do (not a claim about this customer). */
  explain: string;
}

/** Per naming rule id (segments/naming.ts); unknown ids read as `regular`. */
export const CUSTOMER_WORDING: Record<string, CustomerWording> = {
  review_risk: { name: '提过意见', explain: '这一组顾客大多在评价里提过哪里做得不好，我们会认真改进。' },
  loyal_high_value: { name: '老朋友', explain: '这一组顾客大多常在本店购物，感谢一直以来的支持。' },
  cart_abandoner: { name: '心仪待购', explain: '这一组顾客大多把商品加入了购物车，还没有下单。' },
  prospect: { name: '还在逛逛', explain: '这一组顾客大多来逛过本店，还没有下过单。' },
  new_customer: { name: '新朋友', explain: '这一组顾客大多刚认识本店不久，欢迎常来。' },
  dormant: { name: '好久不见', explain: '这一组顾客大多有一段时间没来本店了。' },
  price_sensitive: { name: '注重实惠', explain: '这一组顾客下单时大多更看重实惠。' },
  browser: { name: '爱逛逛', explain: '这一组顾客大多常来看看商品。' },
  active_buyer: { name: '常客', explain: '这一组顾客大多最近常来逛，也常下单。' },
  regular: { name: '本店顾客', explain: '这一组顾客的各项记录与一般顾客相近。' },
  // every member, not most: the group is defined by it (segments/non-buyers.ts)
  non_buyer: { name: '尚未下单', explain: '这一组顾客都还没有在本店下过单，欢迎随时来逛逛。' },
};

const BY_PHRASE = new Map(Object.entries(RULE_PHRASES).map(([rule, phrase]) => [phrase, rule]));

/**
 * The naming rule of a stored assignment: from its phrase (written with every assignment), else
 * from the staff name's leading rule name (older shapes, and segment history, which stores no
 * phrase), else `regular`.
 */
export function ruleOfAssignment(a: { phrase?: unknown; name?: unknown }): string {
  if (typeof a.phrase === 'string' && BY_PHRASE.has(a.phrase)) return BY_PHRASE.get(a.phrase)!;
  const name = typeof a.name === 'string' ? currentSegmentName(a.name) : '';
  // 「活跃买家·近期高消费」 and 「沉睡/流失风险2」 are the rule's name told apart (segments/naming.ts)
  const ofRule = (r: string): boolean => name === r || name.startsWith(`${r}·`) || (name.startsWith(r) && /^\d+$/.test(name.slice(r.length)));
  return NAMING_RULES.find((r) => ofRule(r.name))?.id ?? 'regular';
}

/** The customer's wording of a stored assignment. */
export function customerWording(a: { phrase?: unknown; name?: unknown }): CustomerWording {
  return CUSTOMER_WORDING[ruleOfAssignment(a)] ?? CUSTOMER_WORDING.regular;
}

/** The segment fields a profile stores (segment/store.ts; `segment` an object in older shapes). */
export interface StoredSegmentFields {
  segment?: unknown;
  segmentName?: unknown;
  segmentPhrase?: unknown;
}

/**
 * The customer's wording of the segment a profile stores, or null when it has none: what 我的
 * shows (privacy/describe-profile.ts) and what her export says 我的 shows (readable-profile.ts),
 * from this one reading, so the two cannot name her group differently.
 */
export function storedSegmentWording(p: StoredSegmentFields): CustomerWording | null {
  const seg = p.segment !== null && typeof p.segment === 'object' ? (p.segment as { name?: unknown; phrase?: unknown }) : undefined;
  const name = (typeof seg?.name === 'string' && seg.name) || (typeof p.segmentName === 'string' && p.segmentName) || null;
  if (!name) return null;
  return customerWording({ phrase: seg?.phrase ?? p.segmentPhrase, name });
}

/**
 * `doc` with, beside each field holding a stored (staff's) segment name, the name the customer
 * reads for that group on 我的: `[nameField, shownField]` pairs; a field without a name gets none.
 * For what the export hands over as stored (segment history's `fromName`/`toName`): staff's name
 * is what the shop holds (PIPL art. 45), the shown one ties it to her 我的 page.
 */
export function withShownNames<T extends object>(doc: T, pairs: ReadonlyArray<readonly [string, string]>): T {
  let out = doc;
  for (const [field, shown] of pairs) {
    const v = (doc as Record<string, unknown>)[field];
    // History stores a name only; the non-buyer group's name is its phrase (未下单访客, segments/non-buyers.ts).
    if (typeof v === 'string' && v.trim() !== '') out = { ...out, [shown]: customerWording({ phrase: v, name: v }).name };
  }
  return out;
}
