import { AuditEntry, AuditLogService } from '@chat/api/feature-audit-log';
import { aClientMsgId } from '@chat/shared/util-testing';
import { markRead, nextEvent, registerUser, send, SocketPool, startTestApp, TestApp } from './support';

describe('audit log extension (AUDIT_LOG=true)', () => {
  let app: TestApp;
  let pool: SocketPool;
  let audit: AuditLogService;

  beforeAll(async () => {
    app = await startTestApp({ AUDIT_LOG: 'true' });
    pool = new SocketPool(app.url);
    audit = app.app.get(AuditLogService, { strict: false });
  });

  afterAll(async () => {
    pool.closeAll();
    await app.close();
  });

  /** Listeners run after the publisher moved on: wait until the expected entries are there. */
  async function entriesOf(actor: string, count: number): Promise<AuditEntry[]> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const entries = await audit.forActor(actor);
      if (entries.length >= count) return entries;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return audit.forActor(actor);
  }

  it('records registrations, messages, reads and blocks in its own collection, never message text', async () => {
    const alice = await registerUser(app, 'alice');
    const bob = await registerUser(app, 'bob');
    const a = await pool.connect(alice.accessToken);
    const b = await pool.connect(bob.accessToken);
    const arriving = nextEvent(b, 'receive_message');
    const ack = await send(a, {
      receiver: bob.user.id,
      text: 'confidential words',
      clientMsgId: aClientMsgId(),
    });
    if (!ack.ok) throw new Error(ack.error.message);
    await arriving;
    expect(await markRead(b, { peer: alice.user.id, upTo: ack.message.id })).toEqual({ ok: true });
    await app.http().put(`/api/blocks/${alice.user.id}`).set(bob.auth).expect(204);

    const alices = await entriesOf(alice.user.id, 2);
    expect(alices.map((e) => e.event).sort()).toEqual(['message.created', 'user.registered']);
    expect(alices.find((e) => e.event === 'message.created')).toMatchObject({
      subject: bob.user.id,
      data: { messageId: ack.message.id, conversationId: ack.message.conversationId },
    });
    expect(alices.find((e) => e.event === 'user.registered')?.data).toEqual({
      username: alice.user.username,
    });

    const bobs = await entriesOf(bob.user.id, 3);
    expect(bobs.map((e) => e.event).sort()).toEqual(['message.read', 'user.blocked', 'user.registered']);
    expect(bobs.find((e) => e.event === 'message.read')).toMatchObject({
      subject: alice.user.id,
      data: { upTo: ack.message.id, count: 1 },
    });
    expect(bobs.find((e) => e.event === 'user.blocked')?.subject).toBe(alice.user.id);

    expect(JSON.stringify([...alices, ...bobs])).not.toContain('confidential words');
    const { getConnectionToken } = await import('@nestjs/mongoose');
    const collections = await app.app.get(getConnectionToken()).db.listCollections().toArray();
    expect(collections.map((c: { name: string }) => c.name)).toContain('audit_log');
  });
});
