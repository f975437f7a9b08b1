import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { User } from '@chat/shared/contracts';
import { AuthenticatedUser, CurrentUser } from '@chat/api/util';
import { BlocksService } from './blocks.service';
import { UserDto } from './dto/user.dto';
import { UserIdParamDto } from './dto/user-id-param.dto';

@ApiTags('blocks')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'missing, invalid or expired access token' })
@Controller('blocks')
export class BlocksController {
  constructor(private readonly blocks: BlocksService) {}

  @Get()
  @ApiOkResponse({ type: UserDto, isArray: true, description: 'the users the caller blocked' })
  list(@CurrentUser() caller: AuthenticatedUser): Promise<User[]> {
    return this.blocks.list(caller.id);
  }

  @Put(':userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'blocked; messages between the two are refused both ways' })
  @ApiNotFoundResponse({ description: 'no such user' })
  async block(@CurrentUser() caller: AuthenticatedUser, @Param() params: UserIdParamDto): Promise<void> {
    await this.blocks.block(caller.id, params.userId);
  }

  @Delete(':userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'not blocked (any more)' })
  async unblock(@CurrentUser() caller: AuthenticatedUser, @Param() params: UserIdParamDto): Promise<void> {
    await this.blocks.unblock(caller.id, params.userId);
  }
}
