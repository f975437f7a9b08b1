import type { Document } from 'bson';
import { toExact } from '../bson/forms';
import { viewOf } from '../query/view-docs';

/**
 * One stored document. `bson` is immutable: an update swaps in new bytes, so a checkpoint can hold on to
 * the old buffer while writes go on. `bson` is null once the document is deleted.
 */
export class DocRecord {
  constructor(
    readonly rid: number,
    readonly idKey: string,
    public bson: Buffer | null,
  ) {}
}

/** Document versions that were deleted, so that cursors holding one skip it instead of returning it. */
export const deletedDocs = new WeakSet<Buffer>();

/** Lazily derived forms of one document version, so each is computed at most once per operation. */
export class DocForms {
  private exactDoc?: Document;
  private viewDoc?: Document;

  constructor(readonly bytes: Buffer) {}

  exact(): Document {
    return (this.exactDoc ??= toExact(this.bytes));
  }

  view(): Document {
    return (this.viewDoc ??= viewOf(this.bytes));
  }
}
