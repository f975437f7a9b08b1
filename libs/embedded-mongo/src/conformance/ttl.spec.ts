import { openTarget, type Target } from './harness';

describe('conformance: TTL indexes', () => {
  let t: Target;
  let previous: number;

  beforeAll(async () => {
    t = await openTarget();
    const admin = t.client.db('admin');
    previous = (await admin.command({ getParameter: 1, ttlMonitorSleepSecs: 1 }))['ttlMonitorSleepSecs'];
    await admin.command({ setParameter: 1, ttlMonitorSleepSecs: 1 });
  });
  afterAll(async () => {
    await t.client.db('admin').command({ setParameter: 1, ttlMonitorSleepSecs: previous });
    await t.close();
  });

  it('deletes expired documents in the background and keeps the others', async () => {
    const tokens = t.db.collection('tokens');
    await tokens.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await tokens.createIndex({ createdAt: 1 }, { expireAfterSeconds: 3600 });
    const now = Date.now();
    await tokens.insertMany([
      { name: 'expired', expiresAt: new Date(now - 60_000) },
      { name: 'expired-array', expiresAt: [new Date(now + 3_600_000), new Date(now - 60_000)] },
      { name: 'future', expiresAt: new Date(now + 3_600_000) },
      { name: 'not-a-date', expiresAt: 'yesterday' },
      { name: 'no-field' },
      { name: 'old-created', createdAt: new Date(now - 7_200_000) },
    ]);
    const deadline = Date.now() + 90_000;
    let names: string[] = [];
    while (Date.now() < deadline) {
      names = (await tokens.find({}, { sort: { name: 1 } }).toArray()).map((d) => d['name']);
      if (names.length === 3) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(names).toEqual(['future', 'no-field', 'not-a-date']);
  }, 120_000);
});
