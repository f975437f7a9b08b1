import { IsMongoId } from 'class-validator';
import type { MarkReadRequest } from '@chat/shared/contracts';

/** Payload of `mark_read`: everything `peer` sent the caller up to and including `upTo` is read. */
export class MarkReadDto implements MarkReadRequest {
  @IsMongoId({ message: 'peer must be a user id' })
  peer!: string;

  @IsMongoId({ message: 'upTo must be a message id' })
  upTo!: string;
}
