import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsMongoId, IsOptional, Max, Min } from 'class-validator';
import { HistoryQuery, LIMITS } from '@chat/shared/contracts';

/** `GET /api/messages?with=USER_ID&before=MESSAGE_ID&limit=N` */
export class HistoryQueryDto implements HistoryQuery {
  @ApiProperty({ description: 'the other user of the conversation' })
  @IsMongoId({ message: 'with must be a user id' })
  with!: string;

  @ApiPropertyOptional({ description: 'a message id of this conversation: the page ends just before it' })
  @IsOptional()
  @IsMongoId({ message: 'before must be a message id' })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: LIMITS.historyPageMax, default: LIMITS.historyPageDefault })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LIMITS.historyPageMax)
  limit?: number;
}
