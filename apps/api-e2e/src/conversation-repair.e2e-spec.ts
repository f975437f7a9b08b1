import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { Types } from 'mongoose';
import type { Conversation, Message } from '@chat/shared/contracts';
import { aClientMsgId } from '@chat/shared/util-testing';
import { repairConversations } from '@chat/api/shell';
import { markRead, registerUser, send, SocketPool, startTestApp, TestApp, TestUser } from './support';

describe('repair-conversations: rebuilding the conversation lists from the messages', () => {
  let app: TestApp;
  let pool: SocketPool;
  let db: Connection;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;

  const list = async (as: TestUser) =>
    (await app.http().get('/api/conversations').set(as.auth).expect(200)).body as Conversation[];

  async function sendAll(from: TestUser, to: TestUser, texts: string[]): Promise<Message[]> {
    const socket = await pool.connect(from.accessToken);
    const out: Message[] = [];
    for (const text of texts) {
      const ack = await send(socket, { receiver: to.user.id, text, clientMsgId: aClientMsgId() });
      if (!ack.ok) throw new Error(ack.error.message);
      out.push(ack.message);
    }
    socket.close();
    return out;
  }

  const repair = () => repairConversations(() => undefined);

  beforeEach(async () => {
    app = await startTestApp();
    pool = new SocketPool(app.url);
    db = app.app.get<Connection>(getConnectionToken());
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((n) => registerUser(app, n)));
    const ab = [
      ...(await sendAll(alice, bob, ['one', 'two', 'three'])),
      ...(await sendAll(bob, alice, ['four', 'five'])),
    ];
    const bobSocket = await pool.connect(bob.accessToken);
    const read = await markRead(bobSocket, { peer: alice.user.id, upTo: ab[1].id });
    expect(read.ok).toBe(true);
    bobSocket.close();
    await sendAll(carol, alice, ['hello', 'anyone?']);
  });

  afterEach(async () => {
    pool.closeAll();
    await app.close();
  });

  it('changes nothing when every list already matches the messages', async () => {
    const before = await Promise.all([alice, bob, carol].map(list));
    expect(await repair()).toEqual({ conversations: 2, repaired: 0, removed: 0 });
    expect(await Promise.all([alice, bob, carol].map(list))).toEqual(before);
  });

  it('restores missing rows, wrong unread counts, stale last messages and drops rows without messages', async () => {
    const before = await Promise.all([alice, bob, carol].map(list));
    const views = db.collection('conversation_views');
    const id = (u: TestUser) => new Types.ObjectId(u.user.id);
    await views.deleteOne({ owner: id(alice), peer: id(bob) });
    await views.updateOne({ owner: id(bob), peer: id(alice) }, { $set: { unreadCount: 99 } });
    await views.updateOne({ owner: id(carol), peer: id(alice) }, { $set: { 'lastMessage.text': 'stale' } });
    await views.insertOne({
      owner: id(bob),
      peer: id(carol),
      conversationId: 'no-such-conversation',
      unreadCount: 3,
    });

    expect(await repair()).toEqual({ conversations: 2, repaired: 3, removed: 1 });
    expect(await Promise.all([alice, bob, carol].map(list))).toEqual(before);
    expect(await repair()).toEqual({ conversations: 2, repaired: 0, removed: 0 });
  });

  it('catches up with a message stored just before a crash, before its summaries were written', async () => {
    const [, carolBefore] = [await list(alice), await list(carol)];
    const last = carolBefore[0].lastMessage;
    // What a crash between the two writes leaves: the message is stored, the summaries are not.
    const orphan = {
      _id: new Types.ObjectId(),
      conversationId: last.conversationId,
      sender: new Types.ObjectId(carol.user.id),
      receiver: new Types.ObjectId(alice.user.id),
      text: 'sent as the server died',
      clientMsgId: aClientMsgId(),
      createdAt: new Date(),
    };
    await db.collection('messages').insertOne(orphan);
    expect((await list(alice)).find((c) => c.peer.id === carol.user.id)?.unreadCount).toBe(2);

    expect((await repair()).repaired).toBe(2);
    const aliceRow = (await list(alice)).find((c) => c.peer.id === carol.user.id);
    expect(aliceRow?.lastMessage.text).toBe('sent as the server died');
    expect(aliceRow?.unreadCount).toBe(3);
    expect((await list(carol))[0].lastMessage.id).toBe(orphan._id.toHexString());
  });
});
