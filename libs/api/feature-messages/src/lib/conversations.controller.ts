import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Conversation } from '@chat/shared/contracts';
import { AuthenticatedUser, CurrentUser } from '@chat/api/util';
import { ConversationsService } from './conversations.service';
import { ConversationDto } from './dto/message.dto';

@ApiTags('conversations')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'missing, invalid or expired access token' })
@Controller('conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Get()
  @ApiOkResponse({ type: ConversationDto, isArray: true, description: 'newest activity first' })
  list(@CurrentUser() caller: AuthenticatedUser): Promise<Conversation[]> {
    return this.conversations.list(caller.id);
  }
}
