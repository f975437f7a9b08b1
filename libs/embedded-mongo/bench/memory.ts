import { ObjectId, serialize } from 'bson';
import { Store } from '../src/lib/storage/store';
import { DocForms } from '../src/lib/storage/record';
import { message } from './docs';

export interface MemoryResult {
  documents: number;
  bsonBytesPerDoc: number;
  bytesPerDoc: number;
}

function used(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
}

/** Heap + buffer memory the store holds per small (~200-byte) document with two indexes. */
export function memoryPerDocument(total: number): MemoryResult {
  const convs = Array.from({ length: 1000 }, () => new ObjectId());
  collect();
  const before = used();
  const store = new Store();
  const coll = store.createCollection('bench', 'messages', {});
  store.createIndex(coll, { v: 2, key: { conversationId: 1, _id: -1 }, name: 'conversationId_1__id_-1' });
  let bson = 0;
  for (let i = 0; i < total; i++) {
    const bytes = Buffer.from(serialize(message(convs[i % convs.length], i)));
    bson += bytes.length;
    store.insert(coll, bytes, undefined, new DocForms(bytes));
  }
  collect();
  const after = used();
  if (coll.size !== total) throw new Error('not all documents were stored');
  return { documents: total, bsonBytesPerDoc: bson / total, bytesPerDoc: (after - before) / total };
}
