import { IsBoolean, IsMongoId } from 'class-validator';
import type { TypingRequest } from '@chat/shared/contracts';

/** Payload of `typing`. */
export class TypingDto implements TypingRequest {
  @IsMongoId({ message: 'receiver must be a user id' })
  receiver!: string;

  @IsBoolean()
  isTyping!: boolean;
}
