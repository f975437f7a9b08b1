import { randomBytes } from 'node:crypto';
import type { HealthStatus, HistoryPage, Message, PresenceEvent } from '@chat/shared/contracts';
import {
  ChatClient,
  disconnection,
  eventually,
  getJson,
  login,
  nextEvent,
  registerUser,
  send,
  SocketPool,
  TestUser,
} from './support/chat';
import { Cluster, LIMITS, startCluster } from './support/cluster';

/** The server's presence timing: a dead instance's sockets expire after 15 s and are swept every 2 s. */
const OFFLINE_AFTER_CRASH_MS = 30_000;

describe('two instances on one Redis and one database', () => {
  let cluster: Cluster;
  const pool = new SocketPool();

  beforeAll(async () => {
    cluster = await startCluster();
  }, 180_000);

  afterEach(() => pool.closeAll());

  afterAll(async () => {
    pool.closeAll();
    await cluster?.stop();
  }, 60_000);

  async function health(url: string): Promise<HealthStatus> {
    return (await (await fetch(`${url}/api/health`)).json()) as HealthStatus;
  }

  async function users(...prefixes: string[]): Promise<TestUser[]> {
    return Promise.all(prefixes.map((prefix) => registerUser(cluster.a.url, prefix)));
  }

  it('reports Redis in the health of each instance', async () => {
    expect(await health(cluster.a.url)).toEqual({ status: 'ok', db: 'up', redis: 'up' });
    expect(await health(cluster.b.url)).toEqual({ status: 'ok', db: 'up', redis: 'up' });
  });

  it('chats both ways across instances, with read receipts, typing and a second tab', async () => {
    const [alice, bob] = await users('alice', 'bob');
    const aliceOnA = await pool.connect(cluster.a.url, alice.accessToken);
    const aliceOnB = await pool.connect(cluster.b.url, alice.accessToken);
    const bobOnB = await pool.connect(cluster.b.url, bob.accessToken);

    const clientMsgId = `hello-${randomBytes(4).toString('hex')}`;
    const toBob = nextEvent(bobOnB, 'receive_message', (m) => m.clientMsgId === clientMsgId);
    const toOtherTab = nextEvent(aliceOnB, 'receive_message', (m) => m.clientMsgId === clientMsgId);
    const delivered = nextEvent(aliceOnA, 'message_delivered');
    const ack = await send(aliceOnA, bob.user.id, 'hello from A', clientMsgId);
    if (!ack.ok) throw new Error(ack.error.message);
    expect((await toBob).id).toBe(ack.message.id);
    expect((await toOtherTab).id).toBe(ack.message.id);
    expect((await delivered).id).toBe(ack.message.id);

    const onFirstTab = nextEvent(aliceOnA, 'receive_message', (m) => m.text === 'hi from B');
    const onSecondTab = nextEvent(aliceOnB, 'receive_message', (m) => m.text === 'hi from B');
    expect((await send(bobOnB, alice.user.id, 'hi from B')).ok).toBe(true);
    expect((await onFirstTab).sender).toBe(bob.user.id);
    expect((await onSecondTab).sender).toBe(bob.user.id);

    const receipt = nextEvent(aliceOnA, 'messages_read', (e) => e.reader === bob.user.id);
    const read = await bobOnB
      .timeout(15_000)
      .emitWithAck('mark_read', { peer: alice.user.id, upTo: ack.message.id });
    expect(read).toEqual({ ok: true });
    expect(await receipt).toMatchObject({ reader: bob.user.id, peer: alice.user.id, upTo: ack.message.id });

    const typing = nextEvent(bobOnB, 'typing', (e) => e.sender === alice.user.id);
    aliceOnA.emit('typing', { receiver: bob.user.id, isTyping: true });
    expect(await typing).toEqual({ sender: alice.user.id, isTyping: true });
  });

  it('holds one message budget per user across instances', async () => {
    const [sender, receiver] = await users('burst', 'sink');
    const onA = await pool.connect(cluster.a.url, sender.accessToken);
    const onB = await pool.connect(cluster.b.url, sender.accessToken);
    const sockets = [onA, onB];
    const acks = await Promise.all(
      Array.from({ length: 40 }, (_, i) => send(sockets[i % 2], receiver.user.id, `burst ${i}`)),
    );
    const allowed = acks.filter((ack) => ack.ok).length;
    const refusedOn = (parity: number) =>
      acks.filter((ack, i) => i % 2 === parity && !ack.ok && ack.error.code === 'RATE_LIMITED').length;
    // One budget: the steady rate plus the burst (15), a second's refill at most on top. Two budgets would allow 30.
    const budget = LIMITS.messagesPerSecond * LIMITS.burstFactor;
    expect(allowed).toBeGreaterThanOrEqual(budget);
    expect(allowed).toBeLessThanOrEqual(budget + LIMITS.messagesPerSecond);
    expect(refusedOn(0)).toBeGreaterThan(0);
    expect(refusedOn(1)).toBeGreaterThan(0);
  });

  it('holds the login brute-force guard across instances', async () => {
    const [victim] = await users('victim');
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.failedLoginsPerMinute + 2; i++) {
      const instance = i % 2 ? cluster.b : cluster.a;
      statuses.push((await login(instance.url, victim.username, 'not-the-password')).status);
    }
    expect(statuses).toEqual([...Array<number>(LIMITS.failedLoginsPerMinute).fill(401), 429, 429]);
  });

  it('disconnects the sockets of every instance on logout-all', async () => {
    const [alice] = await users('leaver');
    const onA = await pool.connect(cluster.a.url, alice.accessToken);
    const onB = await pool.connect(cluster.b.url, alice.accessToken);
    const closed = Promise.all([disconnection(onA), disconnection(onB)]);
    const response = await fetch(`${cluster.a.url}/api/auth/logout-all`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.accessToken}` },
    });
    expect(response.status).toBe(204);
    expect(await closed).toEqual(['io server disconnect', 'io server disconnect']);
  });

  it('keeps serving its own sockets while Redis is away, and fans out again when it is back', async () => {
    const [alice, bob, carol] = await users('alice', 'bob', 'carol');
    const aliceOnA = await pool.connect(cluster.a.url, alice.accessToken);
    const bobOnB = await pool.connect(cluster.b.url, bob.accessToken);
    await cluster.redis.stop(true);
    try {
      await eventually(async () => (await health(cluster.a.url)).redis === 'down', 'A sees Redis down');
      expect(await health(cluster.a.url)).toEqual({ status: 'ok', db: 'up', redis: 'down' });
      // A socket opened and a message sent on one instance while Redis is away, in real time.
      const carolOnA = await pool.connect(cluster.a.url, carol.accessToken);
      const toCarol = nextEvent(carolOnA, 'receive_message', (m) => m.text === 'while Redis is away');
      const ack = await send(aliceOnA, carol.user.id, 'while Redis is away');
      expect(ack.ok).toBe(true);
      await toCarol;
    } finally {
      await cluster.redis.start();
    }
    for (const instance of [cluster.a, cluster.b]) {
      await eventually(
        async () => (await health(instance.url)).redis === 'up',
        `${instance.name} sees Redis back`,
      );
    }
    const toBob = nextEvent(bobOnB, 'receive_message', (m) => m.text === 'Redis is back');
    expect((await send(aliceOnA, bob.user.id, 'Redis is back')).ok).toBe(true);
    expect((await toBob).sender).toBe(alice.user.id);
  });

  it('keeps serving its own sockets while Redis hangs (SIGSTOP), and fans out again when it answers', async () => {
    const [alice, bob, carol] = await users('alice', 'bob', 'carol');
    const aliceOnA = await pool.connect(cluster.a.url, alice.accessToken);
    const carolOnA = await pool.connect(cluster.a.url, carol.accessToken);
    const bobOnB = await pool.connect(cluster.b.url, bob.accessToken);
    cluster.redis.pause();
    try {
      expect(await health(cluster.a.url)).toEqual({ status: 'ok', db: 'up', redis: 'down' });
      const toCarol = nextEvent(carolOnA, 'receive_message', (m) => m.text === 'while Redis hangs');
      expect((await send(aliceOnA, carol.user.id, 'while Redis hangs')).ok).toBe(true);
      await toCarol;
    } finally {
      cluster.redis.resume();
    }
    const toBob = nextEvent(bobOnB, 'receive_message', (m) => m.text === 'Redis answers again');
    expect((await send(aliceOnA, bob.user.id, 'Redis answers again')).ok).toBe(true);
    expect((await toBob).sender).toBe(alice.user.id);
    expect(await health(cluster.b.url)).toEqual({ status: 'ok', db: 'up', redis: 'up' });
  });

  it('shows presence across instances, and takes the users of a killed instance offline', async () => {
    const [alice, bob] = await users('watcher', 'watched');
    const aliceOnA = await pool.connect(cluster.a.url, alice.accessToken);
    let bobOnB = await pool.connect(cluster.b.url, bob.accessToken);
    const presenceOfBob = (online: boolean) =>
      nextEvent(aliceOnA, 'presence', (p: PresenceEvent) => p.userId === bob.user.id && p.online === online);

    const introduced = presenceOfBob(true);
    expect((await send(aliceOnA, bob.user.id, 'are you there?')).ok).toBe(true);
    await introduced;

    const left = presenceOfBob(false);
    bobOnB.close();
    await left;
    const back = presenceOfBob(true);
    bobOnB = await pool.connect(cluster.b.url, bob.accessToken);
    await back;

    const crashedAt = Date.now();
    await cluster.b.crash();
    const offline = await nextEvent(
      aliceOnA,
      'presence',
      (p) => p.userId === bob.user.id && !p.online,
      OFFLINE_AFTER_CRASH_MS,
    );
    expect(Date.now() - crashedAt).toBeLessThan(OFFLINE_AFTER_CRASH_MS);
    expect(offline.lastSeenAt).not.toBeNull();
    await cluster.b.restart();
  });

  it('fails over: clients of a killed instance reconnect to the other and lose or double no message', async () => {
    const [alice, bob] = await users('sender', 'receiver');
    // Through the balancer alice lands on A; bob stays on B.
    const aliceSocket = await pool.connect(cluster.balancer.url, alice.accessToken, { reconnect: true });
    await pool.connect(cluster.b.url, bob.accessToken);
    const acked = new Map<string, Message>();
    const total = 24;
    let crash: Promise<void> | undefined;
    for (let i = 0; i < total; i++) {
      const clientMsgId = `failover-${i}-${randomBytes(4).toString('hex')}`;
      for (let attempt = 0; !acked.has(clientMsgId); attempt++) {
        if (attempt > 40) throw new Error(`message ${i} was never acknowledged`);
        if (aliceSocket.disconnected) await connectedAgain(aliceSocket);
        const pending = send(aliceSocket, bob.user.id, `message ${i}`, clientMsgId, 3_000);
        if (i === total / 2 && attempt === 0) crash = cluster.a.crash(); // while this send is in flight
        const ack = await pending.catch(() => undefined); // no ack in time: retry with the same clientMsgId
        if (ack?.ok) acked.set(clientMsgId, ack.message);
        else if (ack && ack.error.code !== 'RATE_LIMITED' && ack.error.code !== 'INTERNAL') {
          throw new Error(`message ${i}: ${ack.error.code} ${ack.error.message}`);
        } else if (ack) await new Promise((wait) => setTimeout(wait, 250)); // refused for now: back off
      }
    }
    await crash;
    expect(cluster.a.process().running()).toBe(false);
    expect(aliceSocket.connected).toBe(true);

    const history = await getJson<HistoryPage>(
      cluster.b.url,
      `/api/messages?with=${bob.user.id}&limit=100`,
      alice.accessToken,
    );
    const ids = history.messages.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(history.messages).toHaveLength(total);
    for (const message of acked.values()) expect(ids.filter((id) => id === message.id)).toHaveLength(1);
    expect(new Set(history.messages.map((m) => m.clientMsgId))).toEqual(new Set(acked.keys()));
  });
});

function connectedAgain(socket: ChatClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the socket did not reconnect')), 30_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
