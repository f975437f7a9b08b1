import { User } from './user';

/** Body of `POST /api/auth/register` and `POST /api/auth/login`. */
export interface Credentials {
  username: string;
  password: string;
}

export type RegisterRequest = Credentials;
export type LoginRequest = Credentials;

/** Reply of register (201) and login (200); the refresh token travels only in its httpOnly cookie. */
export interface AuthResponse {
  user: User;
  accessToken: string;
}

/** Reply of `POST /api/auth/refresh`. */
export type RefreshResponse = Pick<AuthResponse, 'accessToken'>;

/** The refresh cookie: httpOnly, SameSite=Strict, scoped to the auth routes, Secure over https. */
export const REFRESH_COOKIE = {
  name: 'refresh_token',
  path: '/api/auth',
} as const;
