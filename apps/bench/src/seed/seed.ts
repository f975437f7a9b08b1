import bcrypt from 'bcrypt';
import { Db, ObjectId } from 'mongodb';
import type { BenchUser } from '../loadgen/protocol';
import { conversationIdOf, messageText } from '../lib/ids';

/** A group of users that share a password (and so one bcrypt hash of the given cost). */
export interface UserGroup {
  name: string;
  count: number;
  cost: number;
}

export interface SeedSpec {
  dbPath: string;
  password: string;
  groups: UserGroup[];
  /** One conversation of `messages` messages, and `deepCursors` ids from its oldest tenth. */
  history?: { messages: number; deepCursors: number; textLength: number };
  /** One user with a conversation (one message each) with each of `conversations` others. */
  list?: { conversations: number; textLength: number };
}

export interface SeedResult {
  groups: Record<string, BenchUser[]>;
  history?: { owner: BenchUser; peer: BenchUser; deepCursors: string[] };
  list?: { owner: BenchUser };
  counts: Record<string, number>;
}

/** The shapes of the server's collections (libs/api/data-access schemas), written as the server writes them. */
interface UserDoc {
  _id: ObjectId;
  username: string;
  passwordHash: string;
  tokenVersion: number;
  createdAt: Date;
}

interface MessageDoc {
  _id: ObjectId;
  conversationId: string;
  sender: ObjectId;
  receiver: ObjectId;
  text: string;
  clientMsgId: string;
  createdAt: Date;
  deliveredAt?: Date;
  readAt?: Date;
}

const BATCH = 2000;

/** An ObjectId at second `seconds` with counter `n`: ids made in order sort in order, as the server's do. */
function orderedId(seconds: number, n: number): ObjectId {
  const hex =
    seconds.toString(16).padStart(8, '0') + 'be0c4e5eed' + (n & 0xffffff).toString(16).padStart(6, '0');
  return new ObjectId(hex);
}

async function insertAll<T extends { _id: ObjectId }>(
  db: Db,
  collection: string,
  docs: Iterable<T>,
): Promise<number> {
  const c = db.collection<T>(collection);
  let batch: T[] = [];
  let n = 0;
  const inFlight: Promise<unknown>[] = [];
  for (const doc of docs) {
    batch.push(doc);
    if (batch.length === BATCH) {
      inFlight.push(c.insertMany(batch as never, { ordered: false }));
      n += batch.length;
      batch = [];
      if (inFlight.length >= 4) await Promise.all(inFlight.splice(0));
    }
  }
  if (batch.length) {
    inFlight.push(c.insertMany(batch as never, { ordered: false }));
    n += batch.length;
  }
  await Promise.all(inFlight);
  return n;
}

function view(owner: UserDoc, peer: UserDoc, last: MessageDoc, unreadCount: number) {
  return {
    _id: new ObjectId(),
    owner: owner._id,
    peer: peer._id,
    peerUser: { _id: peer._id, username: peer.username, createdAt: peer.createdAt },
    conversationId: last.conversationId,
    lastMessage: last,
    lastMessageId: last._id,
    lastMessageAt: last.createdAt,
    unreadCount,
  };
}

/** Writes users, a long conversation and a long conversation list straight into the server's database. */
export async function seed(db: Db, spec: SeedSpec): Promise<SeedResult> {
  const createdAt = new Date(Date.now() - 30 * 86_400_000);
  const users: UserDoc[] = [];
  const result: SeedResult = { groups: {}, counts: {} };
  const hashes = new Map<number, string>();
  const hashFor = async (cost: number) => {
    if (!hashes.has(cost)) hashes.set(cost, await bcrypt.hash(spec.password, cost));
    return hashes.get(cost) as string;
  };
  const makeUser = async (username: string, cost = 4): Promise<UserDoc> => {
    const doc = {
      _id: new ObjectId(),
      username,
      passwordHash: await hashFor(cost),
      tokenVersion: 0,
      createdAt,
    };
    users.push(doc);
    return doc;
  };
  const bench = (u: UserDoc): BenchUser => ({
    id: u._id.toHexString(),
    username: u.username,
    password: spec.password,
  });

  for (const group of spec.groups) {
    const members: BenchUser[] = [];
    for (let i = 0; i < group.count; i++)
      members.push(bench(await makeUser(`${group.name}-${String(i).padStart(5, '0')}`, group.cost)));
    result.groups[group.name] = members;
  }

  const messages: Iterable<MessageDoc>[] = [];
  const views: ReturnType<typeof view>[] = [];

  if (spec.history) {
    const { messages: total, deepCursors, textLength } = spec.history;
    const a = await makeUser('hist-owner');
    const b = await makeUser('hist-peer');
    const conversationId = conversationIdOf(a._id.toHexString(), b._id.toHexString());
    const base = Math.floor(Date.now() / 1000) - 7 * 86_400 - Math.ceil(total / 1000);
    const at = (i: number) => new Date(base * 1000 + i);
    const make = (i: number): MessageDoc => {
      const from = i % 2 ? b : a;
      const to = i % 2 ? a : b;
      const when = at(i);
      return {
        _id: orderedId(base + Math.floor(i / 1000), i),
        conversationId,
        sender: from._id,
        receiver: to._id,
        text: messageText(i, textLength),
        clientMsgId: `seed-history-${i}`,
        createdAt: when,
        deliveredAt: when,
        readAt: when,
      };
    };
    messages.push(
      (function* () {
        for (let i = 0; i < total; i++) yield make(i);
      })(),
    );
    const last = make(total - 1);
    views.push(view(a, b, last, 0), view(b, a, last, 0));
    const cursors: string[] = [];
    const tenth = Math.max(1, Math.floor(total / 10));
    for (let k = 0; k < deepCursors; k++) {
      const i = Math.min(total - 1, 100 + Math.floor((k * tenth) / deepCursors));
      cursors.push(make(i)._id.toHexString());
    }
    result.history = { owner: bench(a), peer: bench(b), deepCursors: cursors };
  }

  if (spec.list) {
    const owner = await makeUser('list-owner');
    const base = Math.floor(Date.now() / 1000) - 86_400;
    const list: MessageDoc[] = [];
    for (let j = 0; j < spec.list.conversations; j++) {
      const peer = await makeUser(`list-peer-${String(j).padStart(5, '0')}`);
      const when = new Date((base + j) * 1000);
      const m: MessageDoc = {
        _id: orderedId(base + j, 0x800000 + j),
        conversationId: conversationIdOf(owner._id.toHexString(), peer._id.toHexString()),
        sender: j % 2 ? owner._id : peer._id,
        receiver: j % 2 ? peer._id : owner._id,
        text: messageText(j, spec.list.textLength),
        clientMsgId: `seed-list-${j}`,
        createdAt: when,
        deliveredAt: when,
      };
      list.push(m);
      views.push(view(owner, peer, m, j % 2 ? 0 : 1), view(peer, owner, m, j % 2 ? 1 : 0));
    }
    messages.push(list);
    result.list = { owner: bench(owner) };
  }

  result.counts['users'] = await insertAll(db, 'users', users);
  let stored = 0;
  for (const batch of messages) stored += await insertAll(db, 'messages', batch);
  result.counts['messages'] = stored;
  result.counts['conversation_views'] = await insertAll(db, 'conversation_views', views);
  return result;
}
