import { maskOpenid } from '../../cloudfunctions/common/admin/outbox-list';
import { buildCatalog } from './catalog';
import { planDemoEvents } from './customers';
import { CONSENT_LEAD_MS, demoConsentTimes, demoOpenid, withDemoOpenids } from './demo-identities';

const NOW = Date.UTC(2026, 11, 5, 3, 40);
const events = withDemoOpenids(planDemoEvents({ taobao: null, cdnow: null, catalog: buildCatalog(null, []), prices: [], now: NOW, reviews: [] }));
const customers = [...new Set(events.map((e) => e.openid))];

describe('the demo shop’s identities', () => {
  it('gives every customer an openid shaped as WeChat’s, the same on every seed, masked apart on 发送记录', () => {
    expect(customers.length).toBeGreaterThan(600);
    for (const id of customers) expect(id).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    expect(demoOpenid('gb_1')).toBe(demoOpenid('gb_1'));
    expect(demoOpenid('gb_1')).not.toBe(demoOpenid('gb_1', 1));
    // The plan's short ids masked every customer as 「g***」; these tell customers apart.
    expect(maskOpenid('gb_12')).toBe('g***');
    expect(new Set(customers.map(maskOpenid)).size).toBeGreaterThan(0.99 * customers.length);
  });

  it('dates each consent just before the customer’s first event, spread over the shop’s whole history', () => {
    const consent = demoConsentTimes(events);
    const first = new Map<string, number>();
    for (const e of events) first.set(e.openid, Math.min(first.get(e.openid) ?? Infinity, e.event.clientTs));
    expect(consent.size).toBe(customers.length);
    for (const [id, t] of consent) {
      const lead = first.get(id)! - t;
      expect(lead).toBeGreaterThanOrEqual(CONSENT_LEAD_MS.min);
      expect(lead).toBeLessThanOrEqual(CONSENT_LEAD_MS.max);
    }
    // Not all today: the long histories agreed a year or more ago.
    const days = [...consent.values()].map((t) => Math.floor((NOW - t) / 86_400_000));
    expect(days.filter((d) => d > 365).length).toBeGreaterThan(100);
    expect(new Set(days).size).toBeGreaterThan(100);
    expect(demoConsentTimes(events)).toEqual(consent);
  });
});
