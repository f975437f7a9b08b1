#!/usr/bin/env node
// Measures GET /api/conversations' query for a user with many conversations: the maintained summary
// (`conversation_views`, one indexed query) against aggregating `messages` on every call.
//
//   npm run db -- --port 27999 &            # or any MongoDB
//   MONGODB_URI=mongodb://127.0.0.1:27999 node scripts/bench-conversations.mjs [conversations] [messagesEach]
import { MongoClient, ObjectId } from 'mongodb';

const uri = process.env.MONGODB_URI;
if (!uri) {
  console.error('set MONGODB_URI (e.g. start the embedded engine with `npm run db -- --port 27999`)');
  process.exit(2);
}
const conversations = Number(process.argv[2] ?? 1000);
const messagesEach = Number(process.argv[3] ?? 5);
const client = await MongoClient.connect(uri);
const db = client.db(`bench_${Date.now()}`);

const me = new ObjectId();
const messages = db.collection('messages');
const views = db.collection('conversation_views');
await messages.createIndexes([
  { key: { conversationId: 1, _id: -1 } },
  { key: { receiver: 1, conversationId: 1, readAt: 1 } },
  { key: { sender: 1, clientMsgId: 1 }, unique: true },
]);
await views.createIndexes([
  { key: { owner: 1, lastMessageAt: -1 } },
  { key: { owner: 1, peer: 1 }, unique: true },
]);

const docs = [];
const rows = [];
for (let c = 0; c < conversations; c++) {
  const peer = new ObjectId();
  const conversationId = [me.toHexString(), peer.toHexString()].sort().join('_');
  let last;
  for (let m = 0; m < messagesEach; m++) {
    const mine = m % 2 === 0;
    last = {
      _id: new ObjectId(),
      conversationId,
      sender: mine ? me : peer,
      receiver: mine ? peer : me,
      text: `message ${m}`,
      clientMsgId: `c${c}m${m}`,
      createdAt: new Date(Date.now() + c * 1000 + m),
    };
    docs.push(last);
  }
  rows.push({
    owner: me,
    peer,
    conversationId,
    peerUser: { _id: peer, username: `peer${c}`, createdAt: new Date() },
    lastMessage: last,
    lastMessageId: last._id,
    lastMessageAt: last.createdAt,
    unreadCount: Math.floor(messagesEach / 2),
  });
}
for (let i = 0; i < docs.length; i += 5000) await messages.insertMany(docs.slice(i, i + 5000));
await views.insertMany(rows);

async function time(label, run, rounds = 20) {
  await run();
  const start = process.hrtime.bigint();
  let n = 0;
  for (let i = 0; i < rounds; i++) n = (await run()).length;
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / rounds;
  console.log(`${label.padEnd(42)} ${ms.toFixed(1).padStart(8)} ms per call (${n} rows)`);
}

console.log(`${conversations} conversations x ${messagesEach} messages for one user`);
await time('summary: conversation_views find', () =>
  views.find({ owner: me }).sort({ lastMessageAt: -1 }).toArray(),
);
await time(
  'aggregate: messages $group on every call',
  () =>
    messages
      .aggregate([
        { $match: { $or: [{ sender: me }, { receiver: me }] } },
        { $sort: { _id: -1 } },
        {
          $group: {
            _id: '$conversationId',
            lastMessage: { $first: '$$ROOT' },
            unreadCount: {
              $sum: { $cond: [{ $and: [{ $eq: ['$receiver', me] }, { $eq: ['$readAt', null] }] }, 1, 0] },
            },
          },
        },
        { $sort: { 'lastMessage._id': -1 } },
      ])
      .toArray(),
  5,
);
await db.dropDatabase();
await client.close();
