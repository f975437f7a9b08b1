import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { BlockEntity } from '../schemas/block.schema';
import { toObjectId } from './object-id';

/** Who blocked whom. Callers pass validated ids. */
@Injectable()
export class BlocksRepository {
  constructor(@InjectModel(BlockEntity.name) private readonly blocks: Model<BlockEntity>) {}

  /** Records the block; `true` when it is new. */
  async block(blocker: string, blocked: string, now = new Date()): Promise<boolean> {
    const result = await this.blocks
      .updateOne(
        { blocker: toObjectId(blocker), blocked: toObjectId(blocked) },
        { $setOnInsert: { createdAt: now } },
        { upsert: true },
      )
      .exec();
    return result.upsertedCount > 0;
  }

  /** Lifts the block; `true` when there was one. */
  async unblock(blocker: string, blocked: string): Promise<boolean> {
    const result = await this.blocks
      .deleteOne({ blocker: toObjectId(blocker), blocked: toObjectId(blocked) })
      .exec();
    return result.deletedCount > 0;
  }

  /** Ids of the users `blocker` blocked, oldest block first. */
  async blockedBy(blocker: string): Promise<string[]> {
    const docs = await this.blocks
      .find({ blocker: toObjectId(blocker) }, { blocked: 1 })
      .sort({ createdAt: 1 })
      .lean<{ blocked: Types.ObjectId }[]>()
      .exec();
    return docs.map((d) => d.blocked.toHexString());
  }

  /** Whether either of the two blocked the other. */
  async eitherBlocked(a: string, b: string): Promise<boolean> {
    const [x, y] = [toObjectId(a), toObjectId(b)];
    const doc = await this.blocks
      .findOne(
        {
          $or: [
            { blocker: x, blocked: y },
            { blocker: y, blocked: x },
          ],
        },
        { _id: 1 },
      )
      .lean()
      .exec();
    return doc !== null;
  }

  /**
   * The pairs among `pairs` with a block either way, as `pairKey(a, b)`: one indexed query for a whole batch of
   * sends (the users involved as blockers, then the pairs picked out here).
   */
  async blockedPairs(pairs: ReadonlyArray<readonly [string, string]>): Promise<Set<string>> {
    const blocked = new Set<string>();
    if (!pairs.length) return blocked;
    const ids = [...new Set(pairs.flat())].map(toObjectId);
    const docs = await this.blocks.collection
      .find(
        { blocker: { $in: ids }, blocked: { $in: ids } },
        { projection: { _id: 0, blocker: 1, blocked: 1 } },
      )
      .toArray();
    const found = new Set(docs.map((d) => pairKey(d['blocker'].toHexString(), d['blocked'].toHexString())));
    for (const [a, b] of pairs) if (found.has(pairKey(a, b))) blocked.add(pairKey(a, b));
    return blocked;
  }

  /** Ids of every user who blocked `userId` or whom `userId` blocked. */
  async relatedByBlock(userId: string): Promise<Set<string>> {
    const id = toObjectId(userId);
    const docs = await this.blocks
      .find({ $or: [{ blocker: id }, { blocked: id }] }, { blocker: 1, blocked: 1 })
      .lean<{ blocker: Types.ObjectId; blocked: Types.ObjectId }[]>()
      .exec();
    return new Set(docs.map((d) => (d.blocker.equals(id) ? d.blocked : d.blocker).toHexString()));
  }
}

/** The same key for a pair whichever way round it is given. */
export function pairKey(a: string, b: string): string {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? `${x}:${y}` : `${y}:${x}`;
}
