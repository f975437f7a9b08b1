import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ACK_ERROR_CODES, Message, SendMessageAck } from '@chat/shared/contracts';
import { aClientMsgId } from '@chat/shared/util-testing';
import {
  ChatClient,
  disconnection,
  killAll,
  registerUser,
  send,
  sent,
  ServerProcess,
  SocketPool,
  startServerProcess,
  TestApp,
  TestUser,
} from '../support';

/** Senders, and messages each has in flight at once. */
const SENDERS = 4;
const PER_SENDER = 500;

/** What a sender emitted, and what came back (if anything) before the server went away. */
interface Outbox {
  sender: TestUser;
  texts: Map<string, string>; // clientMsgId -> text
  replies: Map<string, SendMessageAck>;
}

/** The slice of `TestApp` the support helpers need, for a server in a child process. */
function asApp(server: ServerProcess): TestApp {
  return { http: () => request(server.url) } as TestApp;
}

/** The whole conversation of `as` with `peer`, oldest first, page by page through `before` cursors. */
async function fullHistory(server: ServerProcess, as: TestUser, peer: TestUser): Promise<Message[]> {
  const all: Message[] = [];
  let before = '';
  for (;;) {
    const res = await request(server.url)
      .get(`/api/messages?with=${peer.user.id}&limit=100${before ? `&before=${before}` : ''}`)
      .set(as.auth)
      .expect(200);
    const page = res.body.messages as Message[];
    all.unshift(...page);
    if (!res.body.hasMore || page.length === 0) return all;
    before = page[0].id;
  }
}

function counts(values: string[]): Map<string, number> {
  const seen = new Map<string, number>();
  for (const value of values) seen.set(value, (seen.get(value) ?? 0) + 1);
  return seen;
}

/**
 * Issue 5, cases 18 and 21: the built server with its embedded engine in `DATA_DIR`, several senders with hundreds
 * of messages in flight, then `kill -9` (18) or SIGTERM (21) mid-stream. After a restart on the same data, every
 * acknowledged message is in history exactly once, and retries with the same `clientMsgId` add no duplicates.
 */
describe('fault: the server dies or stops while messages are in flight', () => {
  let dataDir: string;
  let pool: SocketPool | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'chat-fault-'));
  });

  afterEach(async () => {
    pool?.closeAll();
    pool = undefined;
    await killAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = () => startServerProcess({ env: { DATA_DIR: dataDir, LOG_LEVEL: 'warn' } });

  /** Registers the receiver and the senders, connects the senders and fires every message without waiting. */
  async function fire(server: ServerProcess, onReply: (total: number) => void) {
    const app = asApp(server);
    const receiver = await registerUser(app, 'sink');
    pool = new SocketPool(server.url);
    const outboxes: Outbox[] = [];
    const sockets: ChatClient[] = [];
    for (let i = 0; i < SENDERS; i++) {
      const sender = await registerUser(app, `src${i}`);
      sockets.push(await pool.connect(sender.accessToken));
      outboxes.push({ sender, texts: new Map(), replies: new Map() });
    }
    let total = 0;
    outboxes.forEach((outbox, i) => {
      for (let n = 0; n < PER_SENDER; n++) {
        const clientMsgId = aClientMsgId();
        const text = `sender ${i} message ${n}`;
        outbox.texts.set(clientMsgId, text);
        sockets[i].emit('send_message', { receiver: receiver.user.id, text, clientMsgId }, (reply) => {
          outbox.replies.set(clientMsgId, reply);
          onReply(++total);
        });
      }
    });
    return { receiver, outboxes, sockets };
  }

  /** After the restart: each acked message once, with its text and sender; then every retry is stored once. */
  async function expectDurable(server: ServerProcess, receiver: TestUser, outboxes: Outbox[]) {
    for (const { sender, texts, replies } of outboxes) {
      const history = await fullHistory(server, receiver, sender);
      const byId = counts(history.map((m) => m.id));
      const byClientId = counts(history.map((m) => m.clientMsgId));
      expect([...byId.values()].every((n) => n === 1)).toBe(true);
      expect([...byClientId.values()].every((n) => n === 1)).toBe(true);
      for (const [clientMsgId, reply] of replies) {
        if (!reply.ok) continue;
        const stored = history.find((m) => m.id === reply.message.id);
        expect(stored).toMatchObject({ clientMsgId, text: texts.get(clientMsgId), sender: sender.user.id });
      }
    }

    // Clients retry whatever was not acknowledged, with the same clientMsgId.
    const retryPool = new SocketPool(server.url);
    try {
      for (const { sender, texts, replies } of outboxes) {
        const socket = await retryPool.connect(sender.accessToken);
        const pending = [...texts].filter(([clientMsgId]) => !replies.get(clientMsgId)?.ok);
        const retried = await Promise.all(
          pending.map(([clientMsgId, text]) =>
            send(socket, { receiver: receiver.user.id, text, clientMsgId }),
          ),
        );
        retried.forEach((ack, k) => expect(sent(ack).clientMsgId).toBe(pending[k][0]));
        // A retry of an acknowledged one returns the stored message, not a new one.
        const [someAcked] = [...replies].filter(([, reply]) => reply.ok);
        if (someAcked) {
          const again = sent(
            await send(socket, {
              receiver: receiver.user.id,
              text: texts.get(someAcked[0]) ?? '',
              clientMsgId: someAcked[0],
            }),
          );
          expect(again.id).toBe((someAcked[1] as { message: Message }).message.id);
        }
        const history = await fullHistory(server, receiver, sender);
        expect(history).toHaveLength(PER_SENDER);
        expect(new Set(history.map((m) => m.clientMsgId))).toEqual(new Set(texts.keys()));
        expect(history.every((m) => m.text === texts.get(m.clientMsgId))).toBe(true);
      }
    } finally {
      retryPool.closeAll();
    }
  }

  it('case 18: kill -9 mid-stream; after restart every acknowledged message is there once, retries add no duplicates', async () => {
    let server = await start();
    let killed: Promise<unknown> | undefined;
    const { receiver, outboxes, sockets } = await fire(server, (total) => {
      // Kill once a few batches were acknowledged: the rest are in flight or not yet read.
      if (total === 150) killed = server.kill();
    });
    await Promise.all(sockets.map((socket) => disconnection(socket, 60_000)));
    expect(killed).toBeDefined();
    expect(await killed).toMatchObject({ signal: 'SIGKILL' });
    pool?.closeAll();
    const replies = outboxes.flatMap((o) => [...o.replies.values()]);
    const acked = replies.filter((r) => r.ok).length;
    expect(acked).toBeGreaterThanOrEqual(150);
    expect(acked).toBeLessThan(SENDERS * PER_SENDER); // some were really in flight when it died
    expect(replies.every((r) => r.ok)).toBe(true); // nothing was refused before the kill

    server = await startServerProcess({ port: server.port, env: { DATA_DIR: dataDir, LOG_LEVEL: 'warn' } });
    await expectDurable(server, receiver, outboxes);
    await server.stop();
  }, 180_000);

  it('case 21: SIGTERM mid-stream; in-flight sends finish or fail cleanly, the server closes every socket itself and exits, nothing acknowledged is lost', async () => {
    let server = await start();
    let stopped: ReturnType<ServerProcess['stop']> | undefined;
    const { receiver, outboxes, sockets } = await fire(server, (total) => {
      if (total === 150) stopped = server.stop();
    });
    const reasons = await Promise.all(sockets.map((socket) => disconnection(socket, 60_000)));
    expect(stopped).toBeDefined();
    // The server drained and closed the sockets itself (a process that just died would leave "transport close").
    expect(reasons).toEqual(sockets.map(() => 'io server disconnect'));
    // Nest re-raises the signal once it has closed; never the SIGKILL that `stop()` falls back to after 30 s.
    expect([
      { code: 0, signal: null },
      { code: null, signal: 'SIGTERM' },
    ]).toContainEqual(await stopped);
    pool?.closeAll();
    // Nothing logged at error level (pino 50+) on the way down, no unhandled rejection or exception.
    expect(server.output()).not.toMatch(/"level":(50|60)|unhandled|uncaught/i);
    const replies = outboxes.flatMap((o) => [...o.replies.values()]);
    // Every reply is well formed: stored, or refused with a code of the contract (never INTERNAL with ok: true).
    for (const reply of replies) {
      if (reply.ok) expect(reply.message.id).toEqual(expect.any(String));
      else expect(ACK_ERROR_CODES).toContain(reply.error.code);
    }
    expect(replies.filter((r) => r.ok).length).toBeGreaterThanOrEqual(150);

    server = await startServerProcess({ port: server.port, env: { DATA_DIR: dataDir, LOG_LEVEL: 'warn' } });
    await expectDurable(server, receiver, outboxes);
    await server.stop();
  }, 180_000);
});
