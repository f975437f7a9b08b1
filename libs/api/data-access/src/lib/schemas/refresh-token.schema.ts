import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

/**
 * `refresh_tokens`: one per issued refresh token, stored only as a SHA-256 hash. Rotation marks a token used and
 * issues the next of the same family; expired tokens are removed by a TTL index.
 */
@Schema({ collection: 'refresh_tokens', versionKey: false })
export class RefreshTokenEntity {
  _id!: Types.ObjectId;

  @Prop({ required: true, unique: true })
  tokenHash!: string;

  @Prop({ required: true, type: Types.ObjectId, index: true })
  userId!: Types.ObjectId;

  /** Every token rotated from one login shares the family; reuse of a used token revokes the family. */
  @Prop({ required: true, index: true })
  familyId!: string;

  @Prop({ required: true })
  createdAt!: Date;

  @Prop({ required: true, expires: 0 })
  expiresAt!: Date;

  @Prop()
  usedAt?: Date;

  @Prop()
  revokedAt?: Date;
}

export const RefreshTokenSchema = SchemaFactory.createForClass(RefreshTokenEntity);
