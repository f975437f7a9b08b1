import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { HistoryPage } from '@chat/shared/contracts';
import { AuthenticatedUser, CurrentUser } from '@chat/api/util';
import { HistoryQueryDto } from './dto/history-query.dto';
import { HistoryPageDto } from './dto/message.dto';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'missing, invalid or expired access token' })
@Controller('messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  @ApiOkResponse({ type: HistoryPageDto, description: "a page of the caller's conversation with `with`" })
  @ApiBadRequestResponse({ description: 'invalid query, or `before` not in this conversation' })
  @ApiNotFoundResponse({ description: 'unknown user' })
  history(@CurrentUser() caller: AuthenticatedUser, @Query() query: HistoryQueryDto): Promise<HistoryPage> {
    return this.messages.history(caller.id, query.with, query.before, query.limit);
  }
}
