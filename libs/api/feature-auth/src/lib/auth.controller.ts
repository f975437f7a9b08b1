import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCookieAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthResponse, RefreshResponse } from '@chat/shared/contracts';
import { REFRESH_COOKIE } from '@chat/shared/contracts';
import { AuthenticatedUser, CurrentUser, Public } from '@chat/api/util';
import { AuthService } from './auth.service';
import { AuthResponseDto, RefreshResponseDto } from './dto/auth-response.dto';
import { LoginDto, RegisterDto } from './dto/credentials.dto';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('register')
  @ApiCreatedResponse({ type: AuthResponseDto, description: 'account created, refresh cookie set' })
  @ApiBadRequestResponse({ description: 'invalid body' })
  @ApiConflictResponse({ description: 'username taken' })
  @ApiTooManyRequestsResponse({ description: 'too many registrations from this IP' })
  async register(
    @Body() body: RegisterDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthResponse> {
    const session = await this.auth.register(body, req.ip ?? '');
    setRefreshCookie(req, res, session.refresh.token, session.refresh.expiresAt);
    return session.body;
  }

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AuthResponseDto, description: 'signed in, refresh cookie set' })
  @ApiBadRequestResponse({ description: 'invalid body' })
  @ApiUnauthorizedResponse({ description: 'wrong username or password (one answer for both)' })
  @ApiTooManyRequestsResponse({ description: 'too many failed logins for this username or IP' })
  async login(
    @Body() body: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthResponse> {
    const session = await this.auth.login(body, req.ip ?? '');
    setRefreshCookie(req, res, session.refresh.token, session.refresh.expiresAt);
    return session.body;
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiCookieAuth(REFRESH_COOKIE.name)
  @ApiOkResponse({ type: RefreshResponseDto, description: 'new access token, refresh cookie rotated' })
  @ApiUnauthorizedResponse({ description: 'no valid refresh token; a reused one revokes its whole family' })
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<RefreshResponse> {
    try {
      const { accessToken, refresh } = await this.auth.refresh(readRefreshCookie(req));
      setRefreshCookie(req, res, refresh.token, refresh.expiresAt);
      return { accessToken };
    } catch (error) {
      clearRefreshCookie(req, res);
      throw error;
    }
  }

  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiCookieAuth(REFRESH_COOKIE.name)
  @ApiNoContentResponse({ description: 'refresh token revoked, cookie cleared' })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(readRefreshCookie(req));
    clearRefreshCookie(req, res);
  }

  @Post('logout-all')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: "every token of the user revoked, the user's sockets disconnected" })
  @ApiUnauthorizedResponse({ description: 'missing, invalid or expired access token' })
  async logoutAll(
    @CurrentUser() caller: AuthenticatedUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.auth.logoutAll(caller.id);
    clearRefreshCookie(req, res);
  }
}
