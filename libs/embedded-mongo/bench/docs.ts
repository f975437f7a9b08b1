import { type Document, ObjectId, serialize } from 'bson';

/** A document whose BSON encoding is exactly `size` bytes (padding string adjusted). */
export function docOfSize(size: number, fields: Document): Document {
  const doc = { _id: new ObjectId(), ...fields, pad: '' };
  const base = serialize(doc).length;
  doc.pad = 'x'.repeat(Math.max(0, size - base));
  return doc;
}

/** A chat message of about 200 bytes, as the product stores them. */
export function message(conversationId: ObjectId, i: number): Document {
  return {
    _id: new ObjectId(),
    conversationId,
    senderId: conversationId,
    text: `message number ${i} with some words in it, long enough to look like a chat line..`,
    createdAt: new Date(1_700_000_000_000 + i),
    read: false,
  };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
