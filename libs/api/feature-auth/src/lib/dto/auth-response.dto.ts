import { ApiProperty } from '@nestjs/swagger';
import type { AuthResponse, RefreshResponse } from '@chat/shared/contracts';
import { UserDto } from '@chat/api/feature-users';

export class AuthResponseDto implements AuthResponse {
  @ApiProperty({ type: UserDto })
  user!: UserDto;

  @ApiProperty({ description: 'HS256 JWT, short-lived; send as `Authorization: Bearer <token>`' })
  accessToken!: string;
}

export class RefreshResponseDto implements RefreshResponse {
  @ApiProperty()
  accessToken!: string;
}
