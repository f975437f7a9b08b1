import { Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Socket as ServerSocket } from 'socket.io';
import { aClientMsgId } from '@chat/shared/util-testing';
import {
  ChatClient,
  EngineProcess,
  killAll,
  markRead,
  registerUser,
  send,
  sent,
  SocketPool,
  startEngineProcess,
  startTestApp,
  TestApp,
  TestUser,
} from '../support';

/** Users, and how long they chat; SOAK_SECONDS=180 (for example) soaks for the "few minutes". */
const USERS = Number(process.env['SOAK_USERS'] ?? 200);
const SECONDS = Number(process.env['SOAK_SECONDS'] ?? 15);
/** How much the heap may grow over a soak once everyone left (a leaked socket costs tens of kilobytes). */
const HEAP_GROWTH_LIMIT = 16 * 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

/**
 * What a leak would leave in this process: sockets of the chat server's port (its side and the clients' side) and
 * timers. The database driver's pooled connections are not counted: the pool grows under load and keeps them.
 */
function resources(port: number): { sockets: number; timers: number } {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  const sockets = handles.filter(
    (handle) => handle instanceof Socket && (handle.localPort === port || handle.remotePort === port),
  ).length;
  const timers = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
  return { sockets, timers };
}

/**
 * Weak references to every socket the chat server accepts (it runs in this process, on this copy of socket.io):
 * after everyone left and a full collection, none may still be alive. Anything that keeps a closed socket (a timer,
 * a listener, a map entry) shows here, however small the heap it holds.
 */
const serverSockets: WeakRef<object>[] = [];
/**
 * Nest's gateway plumbing keeps two closed sockets by design: its connection and disconnection streams each go
 * through rxjs `distinctUntilChanged`, which holds the last value (@nestjs/websockets `web-sockets-controller.js`).
 * That is two sockets whatever the number of users; a leak keeps every socket of the session.
 */
const RETAINED = 2;
const proto = ServerSocket.prototype as unknown as { _onconnect(this: object, ...args: unknown[]): void };
const onconnect = proto._onconnect;
function trackServerSockets(on: boolean): void {
  proto._onconnect = on
    ? function (this: object, ...args: unknown[]) {
        serverSockets.push(new WeakRef(this));
        return onconnect.apply(this, args);
      }
    : onconnect;
}

/**
 * Issue 5, case 22: a bounded soak. The server runs in this process (so its heap, sockets and timers can be read)
 * against an engine in a process of its own (so stored messages do not count). 200 users connect, chat in pairs
 * (sends, typing, read receipts) for a while and leave; then the server holds no more sockets or timers than before
 * and its heap is back near its baseline.
 */
describe('fault: a bounded soak leaves nothing behind', () => {
  let engine: EngineProcess;
  let app: TestApp;
  let users: TestUser[];

  beforeAll(async () => {
    trackServerSockets(true);
    engine = await startEngineProcess();
    app = await startTestApp({ MONGODB_URI: `${engine.uri}/chat_soak` });
    users = [];
    for (let i = 0; i < USERS; i += 20) {
      const batch = Array.from({ length: Math.min(20, USERS - i) }, (_, k) =>
        registerUser(app, `soak${i + k}`),
      );
      users.push(...(await Promise.all(batch)));
    }
  });

  afterAll(async () => {
    trackServerSockets(false);
    await app?.close();
    await killAll();
  });

  /** Everyone connects, chats for `seconds` (rounds back to back, each awaited) and leaves. */
  async function session(seconds: number): Promise<number> {
    const pool = new SocketPool(app.url);
    let received = 0;
    try {
      const sockets: ChatClient[] = [];
      for (let i = 0; i < users.length; i += 50) {
        const batch = users.slice(i, i + 50).map((user) =>
          pool.connect(user.accessToken, {
            before: (socket) => socket.on('receive_message', () => received++),
          }),
        );
        sockets.push(...(await Promise.all(batch)));
      }
      const deadline = Date.now() + seconds * 1000;
      let round = 0;
      do {
        // Pairs (i, i^1) every round; every third round also (i, i+2): more conversations, more presence.
        const peerOf = (i: number) => (round % 3 === 2 ? (i + 2) % USERS : i ^ 1);
        await Promise.all(
          sockets.map(async (socket, i) => {
            const peer = users[peerOf(i)];
            socket.emit('typing', { receiver: peer.user.id, isTyping: true });
            const message = sent(
              await send(socket, {
                receiver: peer.user.id,
                text: `round ${round}`,
                clientMsgId: aClientMsgId(),
              }),
            );
            socket.emit('typing', { receiver: peer.user.id, isTyping: false });
            // The receiver reads it.
            const reader = sockets[peerOf(i)];
            if (round % 2 === 0) await markRead(reader, { peer: users[i].user.id, upTo: message.id });
          }),
        );
        round++;
      } while (Date.now() < deadline);
    } finally {
      pool.closeAll();
    }
    return received;
  }

  /** Polls until the sockets and timers are down to `baseline` (bounded; then returns what is still there). */
  async function settledTo(baseline: { sockets: number; timers: number }) {
    const port = Number(new URL(app.url).port);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const now = resources(port);
      if (now.sockets <= baseline.sockets && now.timers <= baseline.timers) return now;
      if (Date.now() > deadline) return now;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Collects until at most `RETAINED` accepted sockets are alive (closed ones go within a few seconds: transports
   * finish their close handshakes); bounded, then returns how many still are. Each poll is a job of its own:
   * `deref()` keeps its target alive until the job ends.
   */
  async function socketsStillAlive(): Promise<number> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      gc();
      const alive = serverSockets.filter((ref) => ref.deref() !== undefined).length;
      if (alive <= RETAINED || Date.now() > deadline) return alive;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it(
    `case 22: ${USERS} users chat for ${SECONDS} s and leave: no socket, timer or heap left behind`,
    async () => {
      // A short round first, so that caches, compiled code and pools are warm before the baseline.
      await session(1);
      const idle = await settledTo({ sockets: 0, timers: Number.MAX_SAFE_INTEGER });
      expect(await socketsStillAlive()).toBeLessThanOrEqual(RETAINED);
      const baseline = { heap: heapAfterGc(), resources: idle };

      const received = await session(SECONDS);
      expect(received).toBeGreaterThanOrEqual(USERS); // they really chatted

      const after = await settledTo(baseline.resources);
      expect(after).toEqual(baseline.resources);
      expect(serverSockets.length).toBeGreaterThanOrEqual(2 * USERS);
      expect(await socketsStillAlive()).toBeLessThanOrEqual(RETAINED);
      const growth = heapAfterGc() - baseline.heap;
      expect(growth).toBeLessThan(HEAP_GROWTH_LIMIT);
      // And the server still serves.
      const res = await app.http().get('/api/health');
      expect(res.status).toBe(200);
    },
    (SECONDS + 150) * 1000,
  );
});
