import { ApiHideProperty } from '@nestjs/swagger';
import { Allow, IsMongoId, IsString, Length, ValidationArguments, ValidateBy } from 'class-validator';
import { LIMITS, SendMessageRequest } from '@chat/shared/contracts';

/** Text of 1 to 4,000 characters (code points) once trimmed; the text itself is kept exactly as given. */
export function IsMessageText() {
  return ValidateBy({
    name: 'isMessageText',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string') return false;
        const length = [...value.trim()].length;
        return length >= LIMITS.messageTextMinLength && length <= LIMITS.messageTextMaxLength;
      },
      defaultMessage: (args?: ValidationArguments) =>
        typeof args?.value === 'string'
          ? `text must be ${LIMITS.messageTextMinLength} to ${LIMITS.messageTextMaxLength} characters after trimming`
          : 'text must be a string',
    },
  });
}

/** Payload of `send_message`. */
export class SendMessageDto implements SendMessageRequest {
  @IsMongoId({ message: 'receiver must be a user id' })
  receiver!: string;

  @IsMessageText()
  text!: string;

  @IsString()
  @Length(LIMITS.clientMsgIdMinLength, LIMITS.clientMsgIdMaxLength)
  clientMsgId!: string;

  /** Accepted and ignored: the sender is always the socket's user. */
  @ApiHideProperty()
  @Allow()
  sender?: unknown;

  /** Accepted and ignored (a client may send back a whole message): the server derives it from the pair. */
  @ApiHideProperty()
  @Allow()
  conversationId?: unknown;

  /** Accepted and ignored: the server stamps the time it stored the message. */
  @ApiHideProperty()
  @Allow()
  createdAt?: unknown;
}
