import mongoose, { Schema, type Connection } from 'mongoose';
import { REAL_URI, uniqueDbName } from './harness';
import { start } from '../index';

/** The flows a NestJS + Mongoose app relies on, through Mongoose itself. */
describe('conformance: Mongoose', () => {
  let conn: Connection;
  let stopEngine: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    let uri = REAL_URI;
    if (!uri) {
      const engine = await start({ port: 0 });
      uri = engine.uri;
      stopEngine = engine.stop;
    }
    conn = await mongoose.createConnection(uri, { dbName: uniqueDbName('goose'), serverSelectionTimeoutMS: 5000 }).asPromise();
  });
  afterAll(async () => {
    await conn.dropDatabase();
    await conn.close();
    await stopEngine?.();
  });

  const userSchema = new Schema(
    { email: { type: String, required: true, unique: true }, name: String, logins: { type: Number, default: 0 } },
    { timestamps: true },
  );
  const messageSchema = new Schema({
    conversationId: { type: Schema.Types.ObjectId, required: true },
    sender: String,
    text: String,
  });
  messageSchema.index({ conversationId: 1, _id: -1 });
  const summarySchema = new Schema({
    owner: String,
    peer: String,
    lastText: String,
    unread: { type: Number, default: 0 },
  });
  summarySchema.index({ owner: 1, peer: 1 }, { unique: true });
  const tokenSchema = new Schema({ hash: String, expiresAt: { type: Date, expires: 0 } });

  it('builds indexes with init() and syncIndexes()', async () => {
    const User = conn.model('User', userSchema);
    const Message = conn.model('Message', messageSchema);
    const Token = conn.model('Token', tokenSchema);
    await Promise.all([User.init(), Message.init(), Token.init()]);
    expect((await User.listIndexes()).map((i) => i.name)).toEqual(['_id_', 'email_1']);
    expect((await Message.listIndexes()).map((i) => i.name)).toEqual(['_id_', 'conversationId_1__id_-1']);
    const ttl = (await Token.listIndexes()).find((i) => i.name === 'expiresAt_1');
    expect(ttl?.['expireAfterSeconds']).toBe(0);
    await User.collection.createIndex({ stray: 1 });
    const dropped = await User.syncIndexes();
    expect(dropped).toEqual(['stray_1']);
    expect((await User.diffIndexes()).toCreate).toEqual([]);
  });

  it('creates, reads, updates and deletes documents', async () => {
    const User = conn.model('User', userSchema);
    const created = await User.create({ email: 'ann@example.com', name: 'Ann' });
    expect(created.get('createdAt')).toBeInstanceOf(Date);
    const found = await User.findOne({ email: 'ann@example.com' }).lean();
    expect(found?.name).toBe('Ann');
    await User.updateOne({ _id: created._id }, { $inc: { logins: 1 } });
    const doc = await User.findById(created._id);
    expect(doc?.get('logins')).toBe(1);
    doc?.set('name', 'Annie');
    await doc?.save();
    expect((await User.findById(created._id).lean())?.name).toBe('Annie');
    await User.deleteOne({ _id: created._id });
    expect(await User.countDocuments()).toBe(0);
  });

  it('surfaces duplicate keys as E11000 with keyValue', async () => {
    const User = conn.model('User', userSchema);
    await User.init();
    await User.create({ email: 'dup@example.com' });
    const err = (await User.create({ email: 'dup@example.com' }).catch((e: unknown) => e)) as { code: number; keyValue: unknown; keyPattern: unknown };
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ email: 'dup@example.com' });
    expect(err.keyPattern).toEqual({ email: 1 });
  });

  it('pages message history newest first with a cursor on _id', async () => {
    const Message = conn.model('Message', messageSchema);
    await Message.init();
    const conversationId = new mongoose.Types.ObjectId();
    const other = new mongoose.Types.ObjectId();
    const ids: mongoose.Types.ObjectId[] = [];
    for (let i = 0; i < 120; i++) {
      const m = await Message.create({ conversationId: i % 4 === 3 ? other : conversationId, sender: 'a', text: `m${i}` });
      if (i % 4 !== 3) ids.push(m._id);
    }
    const page1 = await Message.find({ conversationId }).sort({ _id: -1 }).limit(50).lean();
    expect(page1.map((m) => String(m._id))).toEqual(ids.slice(-50).reverse().map(String));
    const cursor = page1[page1.length - 1]._id;
    const page2 = await Message.find({ conversationId, _id: { $lt: cursor } }).sort({ _id: -1 }).limit(50).lean();
    expect(page2.map((m) => String(m._id))).toEqual(ids.slice(-90, -50).reverse().map(String));
    expect(await Message.countDocuments({ conversationId })).toBe(90);
  });

  it('upserts conversation summaries with findOneAndUpdate and updates many', async () => {
    const Summary = conn.model('Summary', summarySchema);
    await Summary.init();
    const s1 = await Summary.findOneAndUpdate(
      { owner: 'a', peer: 'b' },
      { $set: { lastText: 'hi' }, $inc: { unread: 1 } },
      { upsert: true, new: true },
    ).lean();
    expect(s1).toMatchObject({ owner: 'a', peer: 'b', lastText: 'hi', unread: 1 });
    const s2 = await Summary.findOneAndUpdate({ owner: 'a', peer: 'b' }, { $set: { lastText: 'again' }, $inc: { unread: 1 } }, { upsert: true, new: true }).lean();
    expect(s2?._id).toEqual(s1?._id);
    expect(s2?.unread).toBe(2);
    await Summary.create({ owner: 'a', peer: 'c', unread: 4 });
    const res = await Summary.updateMany({ owner: 'a' }, { $set: { unread: 0 } });
    expect(res.modifiedCount).toBe(2);
  });

  it('aggregates with Mongoose', async () => {
    const Summary = conn.model('Summary', summarySchema);
    const out = await Summary.aggregate<{ _id: string; n: number }>([{ $group: { _id: '$owner', n: { $sum: 1 } } }]);
    expect(out).toEqual([{ _id: 'a', n: 2 }]);
  });

  it('reports transactions as unsupported, like a standalone mongod', async () => {
    const User = conn.model('User', userSchema);
    const session = await conn.startSession();
    const err = await session
      .withTransaction(async () => {
        await User.create([{ email: 'txn@example.com' }], { session });
      })
      .catch((e: unknown) => e);
    await session.endSession();
    expect(err).toBeInstanceOf(Error);
    expect(await User.countDocuments({ email: 'txn@example.com' })).toBe(0);
  });
});
