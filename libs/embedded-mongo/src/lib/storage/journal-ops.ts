import { type Document, deserialize, serialize } from 'bson';
import { EXACT } from '../bson/forms';

/** One logical change, as written to the journal and replayed on recovery. Documents are raw BSON. */
export type JournalOp =
  | { op: 'createCollection'; ns: string; meta: Document }
  | { op: 'dropCollection'; ns: string }
  | { op: 'dropDatabase'; db: string }
  | { op: 'createIndex'; ns: string; spec: Document }
  | { op: 'dropIndex'; ns: string; name: string }
  | { op: 'setIndexTtl'; ns: string; name: string; expireAfterSeconds: number }
  | { op: 'rename'; from: string; to: string }
  | { op: 'insert'; ns: string; doc: Buffer }
  | { op: 'update'; ns: string; doc: Buffer }
  | { op: 'delete'; ns: string; id: Buffer };

const CODES = {
  insert: 1,
  update: 2,
  delete: 3,
  createCollection: 4,
  dropCollection: 5,
  dropDatabase: 6,
  createIndex: 7,
  dropIndex: 8,
  setIndexTtl: 9,
  rename: 10,
} as const;

/**
 * Binary layout of one op: [u8 code][u16 name length][name utf8][u32 payload length][payload].
 * The name is the namespace (or database, or source namespace); the payload is BSON.
 */
export function encodeOps(ops: readonly JournalOp[]): Buffer {
  const parts: Buffer[] = [];
  for (const op of ops) {
    let name: string;
    let payload: Buffer;
    switch (op.op) {
      case 'insert':
      case 'update':
        name = op.ns;
        payload = op.doc;
        break;
      case 'delete':
        name = op.ns;
        payload = op.id;
        break;
      case 'createCollection':
        name = op.ns;
        payload = bson(op.meta);
        break;
      case 'dropCollection':
        name = op.ns;
        payload = EMPTY;
        break;
      case 'dropDatabase':
        name = op.db;
        payload = EMPTY;
        break;
      case 'createIndex':
        name = op.ns;
        payload = bson(op.spec);
        break;
      case 'dropIndex':
        name = op.ns;
        payload = bson({ name: op.name });
        break;
      case 'setIndexTtl':
        name = op.ns;
        payload = bson({ name: op.name, expireAfterSeconds: op.expireAfterSeconds });
        break;
      case 'rename':
        name = op.from;
        payload = bson({ to: op.to });
        break;
    }
    const nameLen = Buffer.byteLength(name, 'utf8');
    const head = Buffer.allocUnsafe(1 + 2 + nameLen + 4);
    head[0] = CODES[op.op];
    head.writeUInt16LE(nameLen, 1);
    head.write(name, 3, nameLen, 'utf8');
    head.writeUInt32LE(payload.length, 3 + nameLen);
    parts.push(head, payload);
  }
  return Buffer.concat(parts);
}

const EMPTY = serialize({}) as Buffer;

function bson(doc: Document): Buffer {
  return serialize(doc, { checkKeys: false, ignoreUndefined: true }) as Buffer;
}

/** Decodes ops written by `encodeOps`; throws on malformed input. Document payloads are views into `buf`. */
export function decodeOps(buf: Buffer): JournalOp[] {
  const ops: JournalOp[] = [];
  let p = 0;
  while (p < buf.length) {
    if (p + 3 > buf.length) throw new Error('truncated journal op');
    const code = buf[p];
    const nameLen = buf.readUInt16LE(p + 1);
    if (p + 3 + nameLen + 4 > buf.length) throw new Error('truncated journal op name');
    const name = buf.toString('utf8', p + 3, p + 3 + nameLen);
    const payloadLen = buf.readUInt32LE(p + 3 + nameLen);
    const start = p + 3 + nameLen + 4;
    if (start + payloadLen > buf.length) throw new Error('truncated journal op payload');
    const payload = buf.subarray(start, start + payloadLen);
    p = start + payloadLen;
    const doc = () => deserialize(payload, EXACT);
    switch (code) {
      case CODES.insert:
        ops.push({ op: 'insert', ns: name, doc: payload });
        break;
      case CODES.update:
        ops.push({ op: 'update', ns: name, doc: payload });
        break;
      case CODES.delete:
        ops.push({ op: 'delete', ns: name, id: payload });
        break;
      case CODES.createCollection:
        ops.push({ op: 'createCollection', ns: name, meta: doc() });
        break;
      case CODES.dropCollection:
        ops.push({ op: 'dropCollection', ns: name });
        break;
      case CODES.dropDatabase:
        ops.push({ op: 'dropDatabase', db: name });
        break;
      case CODES.createIndex:
        ops.push({ op: 'createIndex', ns: name, spec: doc() });
        break;
      case CODES.dropIndex:
        ops.push({ op: 'dropIndex', ns: name, name: String(doc()['name']) });
        break;
      case CODES.setIndexTtl: {
        const d = doc();
        ops.push({ op: 'setIndexTtl', ns: name, name: String(d['name']), expireAfterSeconds: Number(d['expireAfterSeconds']) });
        break;
      }
      case CODES.rename:
        ops.push({ op: 'rename', from: name, to: String(doc()['to']) });
        break;
      default:
        throw new Error(`unknown journal op code ${code}`);
    }
  }
  return ops;
}
