import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { User } from '@chat/shared/contracts';
import { AuthenticatedUser, CurrentUser } from '@chat/api/util';
import { UserDto } from './dto/user.dto';
import { UserSearchQueryDto } from './dto/user-search-query.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'missing, invalid or expired access token' })
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() caller: AuthenticatedUser): Promise<User> {
    return this.users.get(caller.id);
  }

  @Get()
  @ApiOkResponse({ type: UserDto, isArray: true, description: 'users whose username starts with the prefix' })
  search(@CurrentUser() caller: AuthenticatedUser, @Query() query: UserSearchQueryDto): Promise<User[]> {
    return this.users.search(caller.id, query.search, query.limit);
  }
}
