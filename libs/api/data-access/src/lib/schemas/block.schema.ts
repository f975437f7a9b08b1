import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

/** `blocks`: `blocker` blocked `blocked`; messages between the two are refused both ways. */
@Schema({ collection: 'blocks', versionKey: false })
export class BlockEntity {
  _id!: Types.ObjectId;

  @Prop({ required: true, type: Types.ObjectId })
  blocker!: Types.ObjectId;

  @Prop({ required: true, type: Types.ObjectId })
  blocked!: Types.ObjectId;

  @Prop({ required: true })
  createdAt!: Date;
}

export const BlockSchema = SchemaFactory.createForClass(BlockEntity);
BlockSchema.index({ blocker: 1, blocked: 1 }, { unique: true });
BlockSchema.index({ blocked: 1, blocker: 1 });
