/**
 * Shared set-up of the suites where WeChat refuses a campaign itself (41030 its page, 40037 its
 * template): a fresh fixture cloud with 14 seeded customers, the campaign's audience (segments 1
 * and 2, no hold-out: consented, personalised, with a grant) and WeChat's answers to them.
 */
import { makeCustomers, seedShop, startFixtureCloud, STAFF, wxOutbox, type Fixture, type SeedCustomer } from './dispatch-fixtures';
import type { Reply } from '../helpers/reply';

/** What a campaign-fault suite reads. */
export interface CampaignFaultSuite {
  /** The running cloud (set once `beforeAll` ran). */
  fx: () => Fixture;
  /** Customers the campaign would send to. */
  due: SeedCustomer[];
  /** Calls the admin function as staff. */
  admin: (event: unknown) => Promise<Reply>;
  /** WeChat's answers with `errcode` to this suite's customers. */
  answered: (errcode: number) => Array<{ touser: string | null; page: string | null }>;
}

/** Registers the cloud's start and stop; call at the top of a test file. */
export function campaignFaultSuite(prefix: string): CampaignFaultSuite {
  let fx: Fixture | undefined;
  const customers = makeCustomers(14, prefix);
  const ours = new Set(customers.map((c) => c.openid));
  const cloud = (): Fixture => {
    if (!fx) throw new Error('campaignFaultSuite: the cloud is not started yet');
    return fx;
  };
  beforeAll(async () => {
    fx = await startFixtureCloud();
    await seedShop(fx.cloud, customers);
  });
  afterAll(() => fx?.close());
  return {
    fx: cloud,
    due: customers.filter((c) => c.consent === 'granted' && c.personalization && c.segment !== 3 && c.grants > 0),
    admin: (event) => cloud().cloud.invokeFunction('admin', event, { openid: STAFF, source: 'wx_client' }) as Promise<Reply>,
    answered: (errcode) => wxOutbox(cloud().cloud).filter((e) => ours.has(String(e.touser)) && e.errcode === errcode),
  };
}
