/** A user as every client sees it. Never carries a password hash or a token. */
export interface User {
  id: string;
  username: string;
  /** ISO-8601, UTC. */
  createdAt: string;
}

/** `GET /api/users?search=PREFIX&limit=N` */
export interface UserSearchQuery {
  search: string;
  limit?: number;
}
