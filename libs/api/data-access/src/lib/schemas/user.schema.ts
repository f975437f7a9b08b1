import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

/** `users`: one account. `username` is stored normalised (NFKC, lower case) and unique. */
@Schema({ collection: 'users', versionKey: false })
export class UserEntity {
  _id!: Types.ObjectId;

  @Prop({ required: true, unique: true })
  username!: string;

  @Prop({ required: true })
  passwordHash!: string;

  /** Bumped by logout-all: access tokens carrying an older version stop working at once. */
  @Prop({ required: true, default: 0 })
  tokenVersion!: number;

  @Prop({ required: true })
  createdAt!: Date;

  /** When the user's last socket closed. */
  @Prop()
  lastSeenAt?: Date;
}

export const UserSchema = SchemaFactory.createForClass(UserEntity);
