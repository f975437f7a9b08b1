import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import type { User } from '@chat/shared/contracts';
import { isDuplicateKeyError } from '@chat/api/util';
import { toUser } from '../mappers/to-contract';
import type { UserRecord } from '../mappers/records';
import { UserEntity } from '../schemas/user.schema';
import { escapeRegExp, objectIdOrNull } from './object-id';

const PUBLIC_FIELDS = { username: 1, createdAt: 1 } as const;

/** Accounts. Reads return the contract's `User`; only `findCredentials` ever returns a password hash. */
@Injectable()
export class UsersRepository {
  constructor(@InjectModel(UserEntity.name) private readonly users: Model<UserEntity>) {}

  /** Creates an account; `null` when the (normalised) username is taken. */
  async create(username: string, passwordHash: string, createdAt = new Date()): Promise<User | null> {
    const doc = { _id: new Types.ObjectId(), username, passwordHash, tokenVersion: 0, createdAt };
    try {
      await this.users.collection.insertOne(doc);
    } catch (error) {
      if (isDuplicateKeyError(error)) return null;
      throw error;
    }
    return toUser(doc);
  }

  async findById(id: string): Promise<User | null> {
    const _id = objectIdOrNull(id);
    if (!_id) return null;
    const doc = await this.users.findById(_id, PUBLIC_FIELDS).lean<UserRecord>().exec();
    return doc ? toUser(doc) : null;
  }

  async findManyByIds(ids: readonly string[]): Promise<User[]> {
    const oids = ids.map(objectIdOrNull).filter((id): id is Types.ObjectId => id !== null);
    if (!oids.length) return [];
    const docs = await this.users
      .find({ _id: { $in: oids } }, PUBLIC_FIELDS)
      .lean<UserRecord[]>()
      .exec();
    return docs.map(toUser);
  }

  /** The account and its hash, for checking a password at login. */
  async findCredentials(username: string): Promise<{ user: User; passwordHash: string } | null> {
    const doc = await this.users
      .findOne({ username: { $eq: username } }, { ...PUBLIC_FIELDS, passwordHash: 1 })
      .lean<UserRecord>()
      .exec();
    return doc ? { user: toUser(doc), passwordHash: doc.passwordHash } : null;
  }

  /** The current token version, or `null` when the user does not exist (any token of theirs is void). */
  async tokenVersion(id: string): Promise<number | null> {
    const _id = objectIdOrNull(id);
    if (!_id) return null;
    const doc = await this.users.findById(_id, { tokenVersion: 1 }).lean<UserRecord>().exec();
    return doc ? (doc.tokenVersion ?? 0) : null;
  }

  /** Voids every access token issued so far; returns the new version (`null`: no such user). */
  async bumpTokenVersion(id: string): Promise<number | null> {
    const _id = objectIdOrNull(id);
    if (!_id) return null;
    const doc = await this.users
      .findOneAndUpdate(
        { _id },
        { $inc: { tokenVersion: 1 } },
        { returnDocument: 'after', projection: { tokenVersion: 1 } },
      )
      .lean<UserRecord>()
      .exec();
    return doc ? doc.tokenVersion : null;
  }

  /** Users whose username starts with `prefix` (already normalised), in username order, never `excludeId`. */
  async searchByPrefix(prefix: string, excludeId: string, limit: number): Promise<User[]> {
    const exclude = objectIdOrNull(excludeId);
    const filter: Record<string, unknown> = { username: { $regex: `^${escapeRegExp(prefix)}` } };
    if (exclude) filter['_id'] = { $ne: exclude };
    const docs = await this.users
      .find(filter, PUBLIC_FIELDS)
      .sort({ username: 1 })
      .limit(limit)
      .lean<UserRecord[]>()
      .exec();
    return docs.map(toUser);
  }

  async setLastSeen(id: string, at: Date): Promise<void> {
    const _id = objectIdOrNull(id);
    if (!_id) return;
    await this.users.updateOne({ _id }, { $set: { lastSeenAt: at } }).exec();
  }

  /** `lastSeenAt` of each listed user that exists (`null` when never seen). */
  async lastSeenOf(ids: readonly string[]): Promise<Map<string, Date | null>> {
    const oids = ids.map(objectIdOrNull).filter((id): id is Types.ObjectId => id !== null);
    const result = new Map<string, Date | null>();
    if (!oids.length) return result;
    const docs = await this.users
      .find({ _id: { $in: oids } }, { lastSeenAt: 1 })
      .lean<UserRecord[]>()
      .exec();
    for (const doc of docs) result.set(doc._id.toHexString(), doc.lastSeenAt ?? null);
    return result;
  }
}
