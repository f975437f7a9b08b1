/** Who made a request or owns a socket, as established by a verified access token. */
export interface AuthenticatedUser {
  id: string;
  /** When the access token that authenticated this request or socket expires (epoch ms). */
  tokenExpiresAt: number;
  /** The user's token version the token carries (`logout-all` bumps the user's, voiding older tokens). */
  tokenVersion: number;
}
