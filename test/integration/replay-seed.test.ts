/**
 * seedDemoShop against a full local cloud, through the h5 gateway and the REAL track/privacy
 * functions (small scale): catalog, staff account, consents, events, scored reviews, opt-outs.
 */
import { seedDemoShop } from '../../scripts/seed';
import { describeWithSharedData } from '../helpers/shared-data';
import { startIngestCloud, type IngestCloud } from './track-cloud';

jest.setTimeout(180_000);

describeWithSharedData('seedDemoShop (real data, small scale)', (dir) => {
  let c: IngestCloud;
  beforeAll(async () => {
    c = await startIngestCloud(2, { catalog: false });
  });
  afterAll(async () => c?.close());

  it('seeds a shop whose profiles come from the real track function', async () => {
    const s = await seedDemoShop({
      cloudUrl: c.cloud.url,
      credentials: c.cloud.credentials,
      sharedDataDir: dir,
      taobaoCustomers: 25,
      perCustomer: 30,
      cdnowCustomers: 10,
    });
    expect(s).toMatchObject({ source: 'shared-data', customers: 35, admins: ['staff_demo'] });
    expect(s.accepted).toBe(s.events);
    const db = c.cloud.db;
    expect(db.collection('products').count({})).toBe(s.products);
    expect(db.collection('products').find({}, { limit: 1 })[0]).toMatchObject({
      name: expect.any(String),
      categoryName: expect.any(String),
      priceFen: expect.any(Number),
    });
    expect(db.collection('admins').get('staff_demo')).toMatchObject({ role: 'staff' });
    expect(db.collection('consents').count({ granted: true })).toBe(35);
    expect(db.collection('consents').count({ personalization: false })).toBe(s.personalizationOff);
    expect(db.collection('profiles').count({})).toBe(35);
    expect(db.collection('events').count({})).toBe(s.events);
    const reviews = db.collection('events').find({ name: 'review_submit' }, { limit: 1000 });
    expect(reviews.length).toBe(s.reviews);
    if (reviews.length > 0) expect(reviews.every((r) => typeof r.sentiment === 'number')).toBe(true);
    // latest activity was moved to recent days
    const last = Math.max(
      ...db
        .collection('profiles')
        .find({}, { limit: 100 })
        .map((p) => p.lastActiveAt as number),
    );
    expect(Date.now() - last).toBeLessThan(3 * 86_400_000);
  });
});
