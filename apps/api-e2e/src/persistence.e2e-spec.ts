import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aClientMsgId } from '@chat/shared/util-testing';
import { registerUser, send, SocketPool, startTestApp } from './support';

describe('the embedded database (MONGODB_URI unset)', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'chat-data-'));
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps accounts, sessions and messages in DATA_DIR across restarts, over a Unix socket', async () => {
    const first = await startTestApp({}, { embedded: true, dataDir });
    const pool = new SocketPool(first.url);
    let alice;
    let bob;
    let messageId: string;
    try {
      expect(existsSync(join(dataDir, 'db', 'mongod.sock'))).toBe(true);
      expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(true);
      alice = await registerUser(first, 'alice');
      bob = await registerUser(first, 'bob');
      const a = await pool.connect(alice.accessToken);
      const ack = await send(a, {
        receiver: bob.user.id,
        text: 'still here after a restart?',
        clientMsgId: aClientMsgId(),
      });
      if (!ack.ok) throw new Error(ack.error.message);
      messageId = ack.message.id;
    } finally {
      pool.closeAll();
      await first.close();
    }
    expect(existsSync(join(dataDir, 'db', 'mongod.sock'))).toBe(false);

    const second = await startTestApp({}, { embedded: true, dataDir });
    try {
      // The access token issued before the restart is still valid: same secret, same users.
      const history = await second
        .http()
        .get(`/api/messages?with=${alice.user.id}`)
        .set(bob.auth)
        .expect(200);
      expect(history.body.messages.map((m: { id: string }) => m.id)).toEqual([messageId]);
      await second.http().post('/api/auth/refresh').set('Cookie', alice.refreshCookie).expect(200);
      await second
        .http()
        .post('/api/auth/login')
        .send({ username: bob.username, password: bob.password })
        .expect(200);
      await second
        .http()
        .post('/api/auth/register')
        .send({ username: alice.username, password: 'x'.repeat(10) })
        .expect(409);
    } finally {
      await second.close();
    }
  });
});
