import { type Binary, type Document, deserialize, serialize } from 'bson';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { EXACT } from '../bson/forms';
import type { Catalog } from './catalog';
import { frameHeader } from './framing';
import { fsyncDir, readFramedFile } from './journal';
import { DocForms } from './record';
import type { Store } from './store';

const writeP = (fd: number, buf: Buffer, off: number, len: number, pos: number) =>
  new Promise<number>((resolve, reject) => fs.write(fd, buf, off, len, pos, (err, n) => (err ? reject(err) : resolve(n))));
const fsyncP = promisify(fs.fsync);
const openP = promisify(fs.open);
const closeP = promisify(fs.close);

export const CHECKPOINT_MAGIC = Buffer.from('EMCKPT01', 'latin1');
const DOC_FRAME_BYTES = 1024 * 1024;
/** Each frame's first byte says what it holds. */
const TAG_CATALOG = 0x43; // 'C'
const TAG_DOCS = 0x44; // 'D'
const TAG_END = 0x45; // 'E'

function tagged(tag: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(body.length + 1);
  out[0] = tag;
  body.copy(out, 1);
  return out;
}

export function checkpointName(seq: number): string {
  return `checkpoint.${String(seq).padStart(10, '0')}.ckpt`;
}

export function listCheckpoints(dir: string): number[] {
  return fs
    .readdirSync(dir)
    .map((f) => /^checkpoint\.(\d{10})\.ckpt$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

interface CollectionSnapshot {
  ns: string;
  uuid: Binary;
  options: Document;
  indexes: Document[];
  docs: Buffer[];
}

/**
 * The state to write, captured synchronously. Document buffers are never mutated in place (an update
 * swaps in new bytes), so holding references is a consistent snapshot while writes go on.
 */
export function captureSnapshot(catalog: Catalog): CollectionSnapshot[] {
  const out: CollectionSnapshot[] = [];
  for (const coll of catalog.collections()) {
    const docs: Buffer[] = new Array(coll.size);
    let i = 0;
    for (const r of coll.records) if (r.bson) docs[i++] = r.bson;
    docs.length = i;
    out.push({
      ns: coll.ns,
      uuid: coll.info.uuid,
      options: coll.info.options,
      indexes: [...coll.indexes.values()].filter((ix) => !ix.isIdIndex).map((ix) => ix.spec),
      docs,
    });
  }
  return out;
}

/**
 * Writes a snapshot as `checkpoint.<seq>.ckpt`: a catalog frame, document frames, and an end frame. It is
 * written to a temporary file, synced and renamed, so a checkpoint file is either complete or absent.
 */
export async function writeCheckpoint(dir: string, seq: number, snapshot: CollectionSnapshot[]): Promise<void> {
  const tmp = path.join(dir, `checkpoint.${String(seq).padStart(10, '0')}.tmp`);
  const fd = await openP(tmp, 'w', 0o600);
  let pos = 0;
  const put = async (payload: Buffer) => {
    const header = frameHeader(payload);
    await writeP(fd, header, 0, header.length, pos);
    pos += header.length;
    let off = 0;
    while (off < payload.length) off += await writeP(fd, payload, off, payload.length - off, pos + off);
    pos += payload.length;
  };
  try {
    await writeP(fd, CHECKPOINT_MAGIC, 0, CHECKPOINT_MAGIC.length, 0);
    pos = CHECKPOINT_MAGIC.length;
    const catalog = { collections: snapshot.map(({ ns, uuid, options, indexes }) => ({ ns, uuid, options, indexes })) };
    await put(tagged(TAG_CATALOG, serialize(catalog) as Buffer));
    let docCount = 0;
    for (let c = 0; c < snapshot.length; c++) {
      const docs = snapshot[c].docs;
      let start = 0;
      while (start < docs.length) {
        let bytes = 5;
        let end = start;
        while (end < docs.length && (end === start || bytes + docs[end].length <= DOC_FRAME_BYTES)) bytes += docs[end++].length;
        const payload = Buffer.allocUnsafe(bytes);
        payload[0] = TAG_DOCS;
        payload.writeUInt32LE(c, 1);
        let p = 5;
        for (let i = start; i < end; i++) {
          docs[i].copy(payload, p);
          p += docs[i].length;
        }
        await put(payload);
        docCount += end - start;
        start = end;
      }
    }
    await put(tagged(TAG_END, serialize({ docCount }) as Buffer));
    await fsyncP(fd);
  } finally {
    await closeP(fd);
  }
  fs.renameSync(tmp, path.join(dir, checkpointName(seq)));
  fsyncDir(dir);
}

/** Loads a checkpoint into an empty store. Throws if the file is incomplete or corrupt. */
export function loadCheckpoint(dir: string, seq: number, store: Store): void {
  const file = path.join(dir, checkpointName(seq));
  type CatalogEntry = { ns: string; uuid: Binary; options: Document; indexes: Document[] };
  let catalog = null as CatalogEntry[] | null;
  const targets: ReturnType<Store['createCollection']>[] = [];
  let ended = false;
  let docCount = 0;
  const result = readFramedFile(file, CHECKPOINT_MAGIC, (payload) => {
    const tag = payload[0];
    if (ended) throw new Error(`${file} has data after its end frame`);
    if (tag === TAG_CATALOG && !catalog) {
      const entries = deserialize(payload.subarray(1), EXACT)['collections'] as CatalogEntry[];
      catalog = entries;
      for (const c of entries) {
        const dot = c.ns.indexOf('.');
        const coll = store.createCollection(c.ns.slice(0, dot), c.ns.slice(dot + 1), c.options, undefined, c.uuid);
        for (const spec of c.indexes) store.createIndex(coll, spec);
        targets.push(coll);
      }
    } else if (tag === TAG_DOCS && catalog) {
      const coll = targets[payload.readUInt32LE(1)];
      if (!coll) throw new Error(`${file} refers to an unknown collection`);
      let p = 5;
      while (p < payload.length) {
        const size = payload.readInt32LE(p);
        const bytes = Buffer.from(payload.subarray(p, p + size));
        coll.insert(bytes, new DocForms(bytes));
        p += size;
        docCount++;
      }
    } else if (tag === TAG_END && catalog) {
      if (deserialize(payload.subarray(1))['docCount'] !== docCount) throw new Error(`${file} has an invalid end frame`);
      ended = true;
    } else {
      throw new Error(`${file} has an unexpected frame`);
    }
  });
  if (result.torn || !ended) throw new Error(`checkpoint ${file} is incomplete or corrupt`);
}
