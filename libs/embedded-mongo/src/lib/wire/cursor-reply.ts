import { Long } from 'bson';

/**
 * Builds `{ cursor: { <batchField>: [...docs], id, ns }, ok: 1 }` around documents that are already BSON,
 * so stored documents go to the client byte for byte without being parsed and serialized again.
 */
export function buildCursorReply(batchField: 'firstBatch' | 'nextBatch', docs: readonly Uint8Array[], cursorId: Long, ns: string): Buffer {
  let arrayLen = 4 + 1;
  const indexNames: string[] = new Array(docs.length);
  for (let i = 0; i < docs.length; i++) {
    indexNames[i] = String(i);
    arrayLen += 1 + indexNames[i].length + 1 + docs[i].length;
  }
  const nsLen = Buffer.byteLength(ns, 'utf8');
  const cursorLen =
    4 +
    (1 + batchField.length + 1 + arrayLen) +
    (1 + 2 + 1 + 8) + // id: int64
    (1 + 2 + 1 + 4 + nsLen + 1) + // ns: string
    1;
  const total = 4 + (1 + 6 + 1 + cursorLen) + (1 + 2 + 1 + 8) + 1;
  const buf = Buffer.allocUnsafe(total);
  let p = 0;
  buf.writeInt32LE(total, p);
  p += 4;
  buf[p++] = 0x03;
  p += buf.write('cursor', p, 'latin1');
  buf[p++] = 0;
  buf.writeInt32LE(cursorLen, p);
  p += 4;
  buf[p++] = 0x04;
  p += buf.write(batchField, p, 'latin1');
  buf[p++] = 0;
  buf.writeInt32LE(arrayLen, p);
  p += 4;
  for (let i = 0; i < docs.length; i++) {
    buf[p++] = 0x03;
    p += buf.write(indexNames[i], p, 'latin1');
    buf[p++] = 0;
    buf.set(docs[i], p);
    p += docs[i].length;
  }
  buf[p++] = 0;
  buf[p++] = 0x12;
  p += buf.write('id', p, 'latin1');
  buf[p++] = 0;
  buf.writeInt32LE(cursorId.low, p);
  buf.writeInt32LE(cursorId.high, p + 4);
  p += 8;
  buf[p++] = 0x02;
  p += buf.write('ns', p, 'latin1');
  buf[p++] = 0;
  buf.writeInt32LE(nsLen + 1, p);
  p += 4;
  p += buf.write(ns, p, 'utf8');
  buf[p++] = 0;
  buf[p++] = 0; // end of cursor
  buf[p++] = 0x01;
  p += buf.write('ok', p, 'latin1');
  buf[p++] = 0;
  buf.writeDoubleLE(1, p);
  p += 8;
  buf[p++] = 0;
  return buf;
}
