import { Long, MongoServerError, type MongoClient } from 'mongodb';
import { openTarget, type Target } from './harness';

describe('conformance: server commands', () => {
  let t: Target;
  let admin: ReturnType<MongoClient['db']>;

  beforeAll(async () => {
    t = await openTarget();
    admin = t.client.db('admin');
  });
  afterAll(() => t.close());

  it('answers hello like a standalone mongod', async () => {
    const hello = await admin.command({ hello: 1 });
    expect(hello['isWritablePrimary']).toBe(true);
    expect(hello['setName']).toBeUndefined();
    expect(hello['msg']).toBeUndefined();
    expect(hello['maxBsonObjectSize']).toBe(16 * 1024 * 1024);
    expect(hello['maxMessageSizeBytes']).toBe(48_000_000);
    expect(hello['maxWriteBatchSize']).toBe(100_000);
    expect(hello['logicalSessionTimeoutMinutes']).toBe(30);
    expect(hello['minWireVersion']).toBe(0);
    expect(hello['maxWireVersion']).toBeGreaterThanOrEqual(21);
    expect(hello['localTime']).toBeInstanceOf(Date);
    expect(typeof hello['connectionId']).toBe('number');
    const legacy = await admin.command({ isMaster: 1 });
    expect(legacy['ismaster']).toBe(true);
  });

  it('answers ping, buildInfo, serverStatus, hostInfo and connectionStatus', async () => {
    expect((await admin.command({ ping: 1 }))['ok']).toBe(1);
    const info = await admin.command({ buildInfo: 1 });
    expect(info['version']).toMatch(/^\d+\.\d+/);
    expect(Array.isArray(info['versionArray'])).toBe(true);
    const status = await admin.command({ serverStatus: 1 });
    expect(status['connections']['current']).toBeGreaterThan(0);
    expect(status['process']).toMatch(/mongod/);
    expect((await admin.command({ hostInfo: 1 }))['ok']).toBe(1);
    expect((await admin.command({ connectionStatus: 1 }))['authInfo']).toBeDefined();
  });

  it('reports unknown commands with code 59', async () => {
    const err = await t.db.command({ definitelyNotACommand: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoServerError);
    expect((err as MongoServerError).code).toBe(59);
    expect((err as MongoServerError).codeName).toBe('CommandNotFound');
  });

  it('accepts implicit and explicit sessions and endSessions', async () => {
    const coll = t.db.collection('sessions');
    const session = t.client.startSession();
    await coll.insertOne({ s: 1 }, { session });
    expect(await coll.countDocuments({}, { session })).toBe(1);
    await session.endSession();
    expect((await admin.command({ endSessions: [] }))['ok']).toBe(1);
  });

  it('refuses transactions like a standalone mongod (code 20)', async () => {
    const coll = t.db.collection('txn');
    await coll.insertOne({ before: true });
    const session = t.client.startSession();
    session.startTransaction();
    const err = await coll.insertOne({ inTxn: true }, { session }).catch((e: unknown) => e);
    await session.abortTransaction().catch(() => undefined);
    await session.endSession();
    expect(err).toBeInstanceOf(MongoServerError);
    // The driver rewraps the server's code 20 ("Transaction numbers are only allowed on a replica set
    // member or mongos") into its retryable-writes advice, keeping the server error as originalError.
    const e = err as MongoServerError & { originalError?: MongoServerError };
    expect(e.code ?? e.originalError?.code).toBe(20);
    expect((e.originalError ?? e).message).toMatch(/Transaction numbers are only allowed/);
    expect(await coll.countDocuments({ inTxn: true })).toBe(0);
    const raw = await t.db
      .command({ insert: 'txn', documents: [{ x: 1 }], lsid: { id: new (await import('mongodb')).UUID() }, txnNumber: Long.fromNumber(1) })
      .catch((x: unknown) => x);
    expect((raw as MongoServerError).code).toBe(20);
  });

  it('reports a missing cursor on getMore with code 43', async () => {
    const err = await t.db.command({ getMore: Long.fromNumber(123456789), collection: 'nothing' }).catch((e: unknown) => e);
    expect((err as MongoServerError).code).toBe(43);
  });

  it('sets and gets ttlMonitorSleepSecs', async () => {
    const before = await admin.command({ getParameter: 1, ttlMonitorSleepSecs: 1 });
    await admin.command({ setParameter: 1, ttlMonitorSleepSecs: 7 });
    expect((await admin.command({ getParameter: 1, ttlMonitorSleepSecs: 1 }))['ttlMonitorSleepSecs']).toBe(7);
    await admin.command({ setParameter: 1, ttlMonitorSleepSecs: before['ttlMonitorSleepSecs'] });
  });
});
