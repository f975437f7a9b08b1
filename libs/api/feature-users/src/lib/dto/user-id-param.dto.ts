import { ApiProperty } from '@nestjs/swagger';
import { IsMongoId } from 'class-validator';

/** A route parameter naming a user. */
export class UserIdParamDto {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345678' })
  @IsMongoId({ message: 'userId must be a user id' })
  userId!: string;
}
