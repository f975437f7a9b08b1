import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { LIMITS, LoginRequest, RegisterRequest } from '@chat/shared/contracts';
import { IsPassword, IsStringOfMaxBytes, IsUsername } from '@chat/api/util';

/** `POST /api/auth/register`: a username and password acceptable under the contract. */
export class RegisterDto implements RegisterRequest {
  @ApiProperty({
    example: 'alice',
    description: `${LIMITS.usernameMinLength}-${LIMITS.usernameMaxLength} characters of a-z 0-9 _ . - after NFKC and lower-casing`,
  })
  @IsUsername()
  username!: string;

  @ApiProperty({ example: 'correct horse battery', description: '8 to 72 bytes in UTF-8' })
  @IsPassword()
  password!: string;
}

/** `POST /api/auth/login`: any non-empty strings (a wrong one is a 401, not a 400), bounded in size. */
export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'alice' })
  @IsString()
  @MaxLength(LIMITS.usernameMaxLength * 4)
  username!: string;

  @ApiProperty({ example: 'correct horse battery' })
  @IsStringOfMaxBytes(LIMITS.passwordMaxBytes)
  password!: string;
}
