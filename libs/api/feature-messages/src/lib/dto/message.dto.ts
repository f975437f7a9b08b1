import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Conversation, HistoryPage, Message } from '@chat/shared/contracts';
import { UserDto } from '@chat/api/feature-users';

/** OpenAPI description of the contract's `Message`. */
export class MessageDto implements Message {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'the two user ids, sorted, joined by _' }) conversationId!: string;
  @ApiProperty() sender!: string;
  @ApiProperty() receiver!: string;
  @ApiProperty({ description: 'exactly as sent; text, never HTML' }) text!: string;
  @ApiProperty() clientMsgId!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional() deliveredAt?: string;
  @ApiPropertyOptional() readAt?: string;
}

export class HistoryPageDto implements HistoryPage {
  @ApiProperty({ type: MessageDto, isArray: true, description: 'oldest first' })
  messages!: MessageDto[];

  @ApiProperty({ description: 'whether older messages exist' })
  hasMore!: boolean;
}

export class ConversationDto implements Conversation {
  @ApiProperty({ type: UserDto }) peer!: UserDto;
  @ApiProperty({ type: MessageDto }) lastMessage!: MessageDto;
  @ApiProperty() unreadCount!: number;
}
