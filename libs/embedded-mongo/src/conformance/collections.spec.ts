import { MongoServerError } from 'mongodb';
import { openTarget, type Target } from './harness';

describe('conformance: collections and databases', () => {
  let t: Target;

  beforeAll(async () => {
    t = await openTarget();
  });
  afterAll(() => t.close());

  it('creates collections explicitly and implicitly and lists them', async () => {
    await t.db.createCollection('explicit');
    await t.db.collection('implicit').insertOne({ a: 1 });
    const names = (await t.db.listCollections().toArray()).map((c) => c.name).sort();
    expect(names).toEqual(expect.arrayContaining(['explicit', 'implicit']));
    const [info] = await t.db.listCollections({ name: 'explicit' }).toArray();
    expect(info).toMatchObject({ name: 'explicit', type: 'collection' });
    expect((info as { info?: { uuid?: unknown } }).info?.uuid).toBeDefined();
    const onlyNames = await t.db.listCollections({}, { nameOnly: true }).toArray();
    expect(onlyNames.every((c) => typeof c.name === 'string')).toBe(true);
  });

  it('accepts creating an existing collection again with identical options (7.0 behaviour)', async () => {
    await t.db.createCollection('dupe');
    expect((await t.db.command({ create: 'dupe' }))['ok']).toBe(1);
    await t.db.collection('implicit_dupe').insertOne({});
    expect((await t.db.command({ create: 'implicit_dupe' }))['ok']).toBe(1);
  });

  it('rejects invalid collection names', async () => {
    const err = (await t.db.command({ create: 'bad$name' }).catch((e: unknown) => e)) as MongoServerError;
    expect(err.code).toBe(73);
  });

  it('drops collections (a missing one is not an error)', async () => {
    await t.db.collection('gone').insertOne({});
    expect(await t.db.collection('gone').drop()).toBe(true);
    expect((await t.db.listCollections({ name: 'gone' }).toArray()).length).toBe(0);
    await t.db.collection('never').drop().catch((e: MongoServerError) => expect(e.code).toBe(26));
  });

  it('renames a collection, keeping documents and indexes', async () => {
    const src = t.db.collection('src');
    await src.insertMany([{ a: 1 }, { a: 2 }]);
    await src.createIndex({ a: 1 });
    await src.rename('dst');
    const dst = t.db.collection('dst');
    expect(await dst.countDocuments()).toBe(2);
    expect((await dst.indexes()).map((i) => i['name'])).toEqual(['_id_', 'a_1']);
    expect((await t.db.listCollections({ name: 'src' }).toArray()).length).toBe(0);
  });

  it('lists and drops databases', async () => {
    const other = t.client.db(`${t.dbName}_other`);
    await other.collection('c').insertOne({ x: 1 });
    const { databases } = await t.client.db('admin').admin().listDatabases();
    expect(databases.map((d) => d.name)).toContain(`${t.dbName}_other`);
    await other.dropDatabase();
    const after = await t.client.db('admin').admin().listDatabases();
    expect(after.databases.map((d) => d.name)).not.toContain(`${t.dbName}_other`);
  });
});
