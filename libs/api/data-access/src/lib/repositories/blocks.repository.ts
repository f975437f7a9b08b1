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
