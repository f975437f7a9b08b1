import { ApiProperty } from '@nestjs/swagger';
import type { User } from '@chat/shared/contracts';

/** A user as every client sees it (the OpenAPI description of the contract's `User`). */
export class UserDto implements User {
  @ApiProperty({ example: '665f1c2b9d3e4a0012345678' })
  id!: string;

  @ApiProperty({ example: 'alice', description: 'normalised: NFKC, lower case' })
  username!: string;

  @ApiProperty({ example: '2030-01-01T00:00:00.000Z' })
  createdAt!: string;
}
