import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { RefreshTokenEntity } from '../schemas/refresh-token.schema';
import { objectIdOrNull, toObjectId } from './object-id';

export interface NewRefreshToken {
  tokenHash: string;
  userId: string;
  familyId: string;
  expiresAt: Date;
}

export interface RefreshTokenState {
  userId: string;
  familyId: string;
  used: boolean;
  revoked: boolean;
  expired: boolean;
}

/** Refresh tokens, by the SHA-256 hash of their value (the value itself is never stored). */
@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectModel(RefreshTokenEntity.name) private readonly tokens: Model<RefreshTokenEntity>) {}

  async insert(token: NewRefreshToken, now = new Date()): Promise<void> {
    await this.tokens.collection.insertOne({
      _id: new Types.ObjectId(),
      tokenHash: token.tokenHash,
      userId: toObjectId(token.userId),
      familyId: token.familyId,
      createdAt: now,
      expiresAt: token.expiresAt,
    });
  }

  /**
   * Marks a live, unused token used, atomically: of two concurrent uses, one wins. Returns its owner and family,
   * or `null` when no live unused token has this hash.
   */
  async consume(tokenHash: string, now = new Date()): Promise<{ userId: string; familyId: string } | null> {
    const doc = await this.tokens
      .findOneAndUpdate(
        { tokenHash: { $eq: tokenHash }, usedAt: null, revokedAt: null, expiresAt: { $gt: now } },
        { $set: { usedAt: now } },
        { projection: { userId: 1, familyId: 1 } },
      )
      .lean<{ userId: Types.ObjectId; familyId: string }>()
      .exec();
    return doc ? { userId: doc.userId.toHexString(), familyId: doc.familyId } : null;
  }

  async find(tokenHash: string, now = new Date()): Promise<RefreshTokenState | null> {
    const doc = await this.tokens
      .findOne({ tokenHash: { $eq: tokenHash } })
      .lean<RefreshTokenEntity>()
      .exec();
    if (!doc) return null;
    return {
      userId: doc.userId.toHexString(),
      familyId: doc.familyId,
      used: Boolean(doc.usedAt),
      revoked: Boolean(doc.revokedAt),
      expired: doc.expiresAt <= now,
    };
  }

  async revokeFamily(familyId: string, now = new Date()): Promise<void> {
    await this.tokens
      .updateMany({ familyId: { $eq: familyId }, revokedAt: null }, { $set: { revokedAt: now } })
      .exec();
  }

  async revokeAllOfUser(userId: string, now = new Date()): Promise<void> {
    const oid = objectIdOrNull(userId);
    if (!oid) return;
    await this.tokens.updateMany({ userId: oid, revokedAt: null }, { $set: { revokedAt: now } }).exec();
  }
}
