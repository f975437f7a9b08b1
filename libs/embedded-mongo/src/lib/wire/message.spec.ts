import { deserialize, serialize } from 'bson';
import { crc32c } from './crc32c';
import { BadRequestError, ProtocolError, encodeOpMsg, encodeOpReply, parseRequest } from './message';
import { OpCode } from './opcodes';

function frame(opCode: number, body: Buffer, requestId = 7): Buffer {
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(opCode, 12);
  return Buffer.concat([header, body]);
}

function opMsg(flags: number, sections: Buffer[]): Buffer {
  const f = Buffer.alloc(4);
  f.writeUInt32LE(flags, 0);
  return frame(OpCode.OP_MSG, Buffer.concat([f, ...sections]));
}

const body = (doc: object) => Buffer.concat([Buffer.from([0]), serialize(doc)]);

function sequence(id: string, docs: object[]): Buffer {
  const payload = Buffer.concat([Buffer.from(id + '\0', 'utf8'), ...docs.map((d) => serialize(d))]);
  const size = Buffer.alloc(4);
  size.writeInt32LE(payload.length + 4, 0);
  return Buffer.concat([Buffer.from([1]), size, payload]);
}

describe('wire messages', () => {
  it('parses OP_MSG bodies and document sequences', () => {
    const req = parseRequest(opMsg(0, [body({ insert: 'c', $db: 'd' }), sequence('documents', [{ a: 1 }, { b: 2 }])]));
    expect(req.command['insert']).toBe('c');
    const docs = req.command['documents'] as Buffer[];
    expect(docs.map((d) => deserialize(d))).toEqual([{ a: 1 }, { b: 2 }]);
    expect(req.moreToCome).toBe(false);
  });

  it('reads moreToCome and verifies a checksum', () => {
    const msg = opMsg(0b11, [body({ ping: 1, $db: 'a' }), Buffer.alloc(4)]);
    msg.writeUInt32LE(crc32c(msg, 0, msg.length - 4), msg.length - 4);
    expect(parseRequest(msg).moreToCome).toBe(true);
    msg[msg.length - 1] ^= 0xff;
    expect(() => parseRequest(msg)).toThrow(ProtocolError);
  });

  it('rejects malformed sections with a BadRequestError', () => {
    expect(() => parseRequest(opMsg(0, [Buffer.from([0, 50, 0, 0, 0, 1])]))).toThrow(BadRequestError);
    expect(() => parseRequest(opMsg(0, [Buffer.from([9])]))).toThrow(BadRequestError);
    expect(() => parseRequest(opMsg(0, []))).toThrow(ProtocolError);
    expect(() => parseRequest(opMsg(1 << 5, [body({ ping: 1 })]))).toThrow(BadRequestError);
    const twoBodies = opMsg(0, [body({ a: 1 }), body({ b: 1 })]);
    expect(() => parseRequest(twoBodies)).toThrow(BadRequestError);
  });

  it('unwraps legacy OP_QUERY commands', () => {
    const q = Buffer.concat([Buffer.alloc(4), Buffer.from('admin.$cmd\0'), Buffer.alloc(8), serialize({ $query: { isMaster: 1 } })]);
    const req = parseRequest(frame(OpCode.OP_QUERY, q));
    expect(req.legacy).toBe(true);
    expect(req.fullCollectionName).toBe('admin.$cmd');
    expect(Object.keys(req.command)).toEqual(['isMaster']);
    expect(Number(req.command['isMaster'])).toBe(1);
  });

  it('closes on unknown opcodes and compression', () => {
    expect(() => parseRequest(frame(9999, Buffer.alloc(4)))).toThrow(ProtocolError);
    expect(() => parseRequest(frame(OpCode.OP_COMPRESSED, Buffer.alloc(9)))).toThrow(ProtocolError);
  });

  it('encodes replies that answer the request id', () => {
    const reply = encodeOpMsg(42, { ok: 1 });
    expect(reply.readInt32LE(0)).toBe(reply.length);
    expect(reply.readInt32LE(8)).toBe(42);
    expect(deserialize(reply.subarray(21))).toEqual({ ok: 1 });
    const legacy = encodeOpReply(5, { ok: 1 });
    expect(legacy.readInt32LE(12)).toBe(OpCode.OP_REPLY);
    expect(legacy.readInt32LE(32)).toBe(1);
  });
});
