import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { LIMITS, UserSearchQuery } from '@chat/shared/contracts';

/** `GET /api/users?search=PREFIX&limit=N` */
export class UserSearchQueryDto implements UserSearchQuery {
  @ApiProperty({ description: 'username prefix, matched case-insensitively', example: 'ali' })
  @IsString()
  @Length(1, LIMITS.usernameMaxLength)
  search!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: LIMITS.userSearchMax, default: LIMITS.userSearchDefault })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LIMITS.userSearchMax)
  limit?: number;
}
