import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { aClientMsgId } from '@chat/shared/util-testing';
import {
  ChatClient,
  emitPacket,
  expectHealthy,
  nextEvent,
  registerUser,
  send,
  sendPacket,
  sent,
  SocketPool,
  startTestApp,
  TestApp,
  TestUser,
} from '../support';

/** JSON text of `[[[...]]]` nested `depth` times (deeper than `JSON.stringify` would go). */
const nestedArrays = (depth: number) => `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;

/** JSON text of `{"a":{"a":...}}` nested `depth` times. */
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;

/** A payload as JSON text: a value to stringify, or JSON text already (`raw`). */
type Shape = unknown | { raw: string };
const json = (shape: Shape) =>
  typeof shape === 'object' && shape !== null && 'raw' in shape
    ? (shape as { raw: string }).raw
    : JSON.stringify(shape);
/** JSON text of `fields` with `extra` JSON text spliced in as the first member. */
const withMember = (extra: string, fields: object) => ({
  raw: `{${extra},${JSON.stringify(fields).slice(1)}`,
});

/**
 * Issue 5, case 13: malformed socket payloads get a `VALIDATION` answer; the server does not crash, the socket
 * stays usable and nothing is stored. The same shapes as REST bodies get a 400.
 */
describe('attack: malformed socket payloads', () => {
  let app: TestApp;
  let pool: SocketPool;
  let alice: TestUser;
  let bob: TestUser;
  let a: ChatClient;
  let stored: () => Promise<number>;

  beforeAll(async () => {
    app = await startTestApp();
    pool = new SocketPool(app.url);
    alice = await registerUser(app, 'alice');
    bob = await registerUser(app, 'bob');
    const connection = app.app.get<Connection>(getConnectionToken());
    stored = () => connection.collection('messages').countDocuments();
  });

  beforeEach(async () => {
    a = await pool.connect(alice.accessToken);
  });

  afterEach(() => pool.closeAll());
  afterAll(() => app.close());

  const valid = () => ({ receiver: bob.user.id, text: 'hi', clientMsgId: aClientMsgId() });
  const validRead = () => ({ peer: bob.user.id, upTo: '65a000000000000000000000' });

  /** Each malformed payload, by name, for each event. */
  const shapes = (): Record<string, Record<string, Shape>> => ({
    send_message: {
      'no payload': { raw: '' },
      'a string': 'send this',
      'a number': 42,
      'a boolean': true,
      null: null,
      'an array': [valid()],
      'an empty object': {},
      'a missing text': { receiver: bob.user.id, clientMsgId: aClientMsgId() },
      'a missing receiver': { text: 'hi', clientMsgId: aClientMsgId() },
      'a missing clientMsgId': { receiver: bob.user.id, text: 'hi' },
      'a number as receiver': { ...valid(), receiver: 42 },
      'an object as text': { ...valid(), text: { toString: 'hi' } },
      'an array as text': { ...valid(), text: ['h', 'i'] },
      'a boolean as clientMsgId': { ...valid(), clientMsgId: true },
      'a huge array as text': { ...valid(), text: Array.from({ length: 3000 }, () => 'a') },
      'a huge array as receiver': { ...valid(), receiver: Array.from({ length: 500 }, () => bob.user.id) },
      'deeply nested arrays': withMember(`"text":${nestedArrays(5000)}`, { ...valid(), text: undefined }),
      'deeply nested objects': withMember(`"receiver":${nestedObjects(1500)}`, {
        ...valid(),
        receiver: undefined,
      }),
      'a __proto__ key': withMember('"__proto__":{"polluted":"yes"}', valid()),
      'a constructor.prototype key': withMember('"constructor":{"prototype":{"polluted":"yes"}}', valid()),
      'a prototype key': withMember('"prototype":{"polluted":"yes"}', valid()),
      'a nested __proto__ key': withMember('"text":{"__proto__":{"polluted":"yes"}}', {
        ...valid(),
        text: undefined,
      }),
      'an extra field': { ...valid(), admin: true },
    },
    mark_read: {
      'no payload': { raw: '' },
      'a string': 'read it',
      null: null,
      'an array': [validRead()],
      'a missing upTo': { peer: bob.user.id },
      'numbers as ids': { peer: 1, upTo: 2 },
      'deeply nested arrays': withMember(`"upTo":${nestedArrays(5000)}`, { ...validRead(), upTo: undefined }),
      'a __proto__ key': withMember('"__proto__":{"polluted":"yes"}', validRead()),
      'an extra field': { ...validRead(), all: true },
    },
    typing: {
      'no payload': { raw: '' },
      'a string': 'typing',
      null: null,
      'a missing isTyping': { receiver: bob.user.id },
      'a string as isTyping': { receiver: bob.user.id, isTyping: 'yes' },
      'deeply nested objects': { raw: `{"receiver":${nestedObjects(1500)},"isTyping":true}` },
      'a __proto__ key': withMember('"__proto__":{"polluted":"yes"}', {
        receiver: bob.user.id,
        isTyping: true,
      }),
    },
  });

  it.each(['send_message', 'mark_read', 'typing'])(
    '%s: every malformed payload is answered VALIDATION; nothing is stored or polluted',
    async (event) => {
      const count = await stored();
      for (const [name, payload] of Object.entries(shapes()[event])) {
        const ack = await emitPacket(a, event, json(payload));
        expect({ name, ack }).toEqual({
          name,
          ack: { ok: false, error: { code: 'VALIDATION', message: expect.any(String) } },
        });
        expect({ name, connected: a.connected }).toEqual({ name, connected: true });
      }
      expect(await stored()).toBe(count);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      // Still a working socket and a healthy server.
      sent(await send(a, valid()));
      await expectHealthy(app);
    },
  );

  it('without an ack callback, each refusal comes back as an exception event', async () => {
    for (const [name, payload] of Object.entries(shapes()['send_message'])) {
      const exception = nextEvent(a, 'exception');
      sendPacket(a, `2/chat,["send_message"${json(payload) ? `,${json(payload)}` : ''}]`);
      expect({ name, exception: await exception }).toEqual({
        name,
        exception: { event: 'send_message', code: 'VALIDATION', message: expect.any(String) },
      });
    }
    expect(a.connected).toBe(true);
  });

  it('extra arguments and odd event names are answered, not crashed on', async () => {
    const untyped = a.timeout(10_000) as unknown as {
      emitWithAck(event: string, ...args: unknown[]): Promise<unknown>;
    };
    expect(await untyped.emitWithAck('send_message', valid(), 'extra', { more: true })).toMatchObject({
      ok: false,
    });
    for (const event of ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'x'.repeat(1000), '']) {
      expect({ event, ack: await untyped.emitWithAck(event, {}) }).toEqual({
        event,
        ack: { ok: false, error: { code: 'VALIDATION', message: expect.any(String) } },
      });
    }
    sent(await send(a, valid()));
    await expectHealthy(app);
  });

  it('broken Socket.IO packets close only that socket; the server carries on', async () => {
    const packets = [
      '2/chat,["send_message",', // truncated JSON
      '2/chat,{"not":"an array"}',
      '2/chat,[]',
      '2/chat,[42]',
      '2/chat,["connect",{}]', // reserved event names
      '2/chat,["disconnect",{}]',
      '2/chat,["newListener",{}]',
      '5-/chat,["send_message",{"_placeholder":true,"num":99}]', // a binary event whose attachment never comes
      '5-/chat,["send_message",{"_placeholder":true,"num":"__proto__"}]',
      '51-/chat,["send_message",{"_placeholder":true,"num":0}]', // announced attachment, then a text packet
      '9garbage',
      '0/chat,{"token":{"$ne":null}}', // a second CONNECT for the namespace
      '0/admin,{}', // another namespace
      '',
    ];
    for (const packet of packets) {
      const socket = await pool.connect(alice.accessToken);
      sendPacket(socket, packet);
      // Whether the socket survives is Socket.IO's business; the server must answer others.
      await expectHealthy(app);
      const other = await pool.connect(bob.accessToken);
      sent(
        await send(other, { receiver: alice.user.id, text: `after ${packet}`, clientMsgId: aClientMsgId() }),
      );
      other.close();
    }
  });

  it('REST bodies of the same shapes get a 400, never a 5xx', async () => {
    const bodies = [
      'null',
      '"a string"',
      '42',
      '[]',
      `{"username":${nestedArrays(5000)},"password":"correct horse"}`,
      `{"username":"deep_user","password":${nestedObjects(1500)}}`,
      `{"username":"proto_user2","password":"correct horse","__proto__":{"polluted":"yes"}}`,
      `{"username":"ctor_user","password":"correct horse","constructor":{"prototype":{"polluted":"yes"}}}`,
      `{"username":"dup_user","username":"dup_user2","password":"correct horse"}`,
    ];
    for (const raw of bodies) {
      for (const route of ['register', 'login']) {
        const res = await app
          .http()
          .post(`/api/auth/${route}`)
          .set('Content-Type', 'application/json')
          .send(raw);
        expect({ route, raw: raw.slice(0, 80), status: res.status }).toEqual({
          route,
          raw: raw.slice(0, 80),
          status: raw.startsWith('{"username":"dup_user"') ? expect.any(Number) : 400,
        });
        expect(res.status).toBeLessThan(500);
      }
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    await expectHealthy(app);
  });
});
