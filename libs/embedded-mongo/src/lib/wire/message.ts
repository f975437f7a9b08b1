import { deserialize, type Document, serialize } from 'bson';
import { EXACT } from '../bson/forms';
import { crc32c } from './crc32c';
import { HEADER_SIZE, MAX_BSON_OBJECT_SIZE, type MessageHeader, OpCode, OpMsgFlag } from './opcodes';

/** A request the connection could not even frame: the connection is closed after it. */
export class ProtocolError extends Error {}

/** A well-framed request whose content is invalid: answered with an error reply. */
export class BadRequestError extends Error {}

export interface Request {
  header: MessageHeader;
  /** The command document in exact form; `documents` arrays (body or sequence) hold raw BSON buffers. */
  command: Document;
  /** OP_MSG with moreToCome: the client expects no reply. */
  moreToCome: boolean;
  /** Legacy OP_QUERY: reply with OP_REPLY. */
  legacy: boolean;
  /** Namespace of an OP_QUERY. */
  fullCollectionName?: string;
}

const COMMAND_OPTIONS = { ...EXACT, fieldsAsRaw: { documents: true } };
const REQUIRED_FLAG_BITS = 0xffff;
const KNOWN_FLAG_BITS = OpMsgFlag.checksumPresent | OpMsgFlag.moreToCome | OpMsgFlag.exhaustAllowed;

export function readHeader(buf: Buffer, offset = 0): MessageHeader {
  return {
    messageLength: buf.readInt32LE(offset),
    requestId: buf.readInt32LE(offset + 4),
    responseTo: buf.readInt32LE(offset + 8),
    opCode: buf.readInt32LE(offset + 12),
  };
}

function readDocBytes(msg: Buffer, offset: number, end: number, what: string): Buffer {
  if (offset + 5 > end) throw new BadRequestError(`truncated ${what}`);
  const size = msg.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new BadRequestError(`invalid ${what} size ${size}`);
  if (size > MAX_BSON_OBJECT_SIZE + 16 * 1024) throw new BadRequestError(`${what} exceeds the maximum BSON size`);
  if (msg[offset + size - 1] !== 0) throw new BadRequestError(`${what} is not terminated`);
  return msg.subarray(offset, offset + size);
}

function readCString(msg: Buffer, offset: number, end: number): [string, number] {
  const zero = msg.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new BadRequestError('unterminated string');
  return [msg.toString('utf8', offset, zero), zero + 1];
}

function parseBson(bytes: Buffer, options = COMMAND_OPTIONS): Document {
  try {
    return deserialize(bytes, options);
  } catch (err) {
    throw new BadRequestError(`invalid BSON: ${(err as Error).message}`);
  }
}

/** Parses a complete message (header included). */
export function parseRequest(msg: Buffer): Request {
  const header = readHeader(msg);
  switch (header.opCode) {
    case OpCode.OP_MSG:
      return parseOpMsg(header, msg);
    case OpCode.OP_QUERY:
      return parseOpQuery(header, msg);
    case OpCode.OP_COMPRESSED:
      throw new ProtocolError('OP_COMPRESSED is not supported: this server advertises no compressors');
    default:
      throw new ProtocolError(`unsupported opcode ${header.opCode}`);
  }
}

function parseOpMsg(header: MessageHeader, msg: Buffer): Request {
  if (msg.length < HEADER_SIZE + 5) throw new ProtocolError('OP_MSG too short');
  const flags = msg.readUInt32LE(HEADER_SIZE);
  const unknownRequired = flags & REQUIRED_FLAG_BITS & ~KNOWN_FLAG_BITS;
  if (unknownRequired) throw new BadRequestError(`unknown required OP_MSG flag bits ${unknownRequired}`);
  let end = msg.length;
  if (flags & OpMsgFlag.checksumPresent) {
    end -= 4;
    if (end < HEADER_SIZE + 5) throw new ProtocolError('OP_MSG too short for its checksum');
    if (crc32c(msg, 0, end) !== msg.readUInt32LE(end)) throw new ProtocolError('OP_MSG checksum mismatch');
  }
  let offset = HEADER_SIZE + 4;
  let body: Document | undefined;
  const sequences: [string, unknown[]][] = [];
  while (offset < end) {
    const kind = msg[offset++];
    if (kind === 0) {
      if (body) throw new BadRequestError('OP_MSG has more than one body section');
      const bytes = readDocBytes(msg, offset, end, 'OP_MSG body');
      body = parseBson(bytes);
      offset += bytes.length;
    } else if (kind === 1) {
      if (offset + 4 > end) throw new BadRequestError('truncated document sequence');
      const size = msg.readInt32LE(offset);
      const seqEnd = offset + size;
      if (size < 5 || seqEnd > end) throw new BadRequestError(`invalid document sequence size ${size}`);
      const [identifier, afterName] = readCString(msg, offset + 4, seqEnd);
      const docs: unknown[] = [];
      let p = afterName;
      while (p < seqEnd) {
        const bytes = readDocBytes(msg, p, seqEnd, 'document in sequence');
        docs.push(identifier === 'documents' ? bytes : parseBson(bytes, EXACT as typeof COMMAND_OPTIONS));
        p += bytes.length;
      }
      sequences.push([identifier, docs]);
      offset = seqEnd;
    } else {
      throw new BadRequestError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new BadRequestError('OP_MSG has no body section');
  for (const [identifier, docs] of sequences) {
    if (identifier in body) throw new BadRequestError(`duplicate field ${identifier} in OP_MSG`);
    body[identifier] = docs;
  }
  return { header, command: body, moreToCome: (flags & OpMsgFlag.moreToCome) !== 0, legacy: false };
}

function parseOpQuery(header: MessageHeader, msg: Buffer): Request {
  let offset = HEADER_SIZE + 4; // flags
  if (offset >= msg.length) throw new ProtocolError('OP_QUERY too short');
  const [fullCollectionName, afterName] = readCString(msg, offset, msg.length);
  offset = afterName + 8; // numberToSkip, numberToReturn
  const bytes = readDocBytes(msg, offset, msg.length, 'OP_QUERY query');
  let command = parseBson(bytes);
  // Drivers may wrap the command as { $query: cmd, $readPreference }.
  if (command['$query'] && typeof command['$query'] === 'object') command = command['$query'] as Document;
  return { header, command, moreToCome: false, legacy: true, fullCollectionName };
}

let nextRequestId = 1;

function frame(opCode: number, responseTo: number, parts: Buffer[]): Buffer {
  const length = HEADER_SIZE + parts.reduce((n, p) => n + p.length, 0);
  const out = Buffer.allocUnsafe(length);
  out.writeInt32LE(length, 0);
  out.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(opCode, 12);
  let p = HEADER_SIZE;
  for (const part of parts) {
    part.copy(out, p);
    p += part.length;
  }
  return out;
}

export function encodeBody(doc: Document | Buffer): Buffer {
  return Buffer.isBuffer(doc) ? doc : (serialize(doc, { checkKeys: false, ignoreUndefined: true }) as Buffer);
}

export function encodeOpMsg(responseTo: number, body: Document | Buffer, flags = 0): Buffer {
  const head = Buffer.allocUnsafe(5);
  head.writeUInt32LE(flags, 0);
  head[4] = 0;
  return frame(OpCode.OP_MSG, responseTo, [head, encodeBody(body)]);
}

export function encodeOpReply(responseTo: number, body: Document | Buffer): Buffer {
  const head = Buffer.alloc(20);
  // responseFlags 0 (AwaitCapable is not meaningful here), cursorId 0, startingFrom 0, numberReturned 1.
  head.writeInt32LE(8, 0);
  head.writeInt32LE(1, 16);
  return frame(OpCode.OP_REPLY, responseTo, [head, encodeBody(body)]);
}
