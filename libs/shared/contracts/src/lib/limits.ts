/** Every limit of the contract, in one place: the server validates with these and the client's forms use them. */
export const LIMITS = {
  usernameMinLength: 3,
  usernameMaxLength: 32,
  /** Bytes in UTF-8: bcrypt reads at most 72 bytes, so longer passwords are refused rather than cut. */
  passwordMinBytes: 8,
  passwordMaxBytes: 72,
  messageTextMinLength: 1,
  messageTextMaxLength: 4000,
  clientMsgIdMinLength: 8,
  clientMsgIdMaxLength: 64,
  historyPageDefault: 50,
  historyPageMax: 100,
  userSearchDefault: 20,
  userSearchMax: 50,
  /** Request bodies and Socket.IO packets above this many bytes are refused. */
  maxPayloadBytes: 16 * 1024,
} as const;

/** Defaults of the rate limits; each can be changed (or set to 0 = off) through its environment variable. */
export const RATE_LIMIT_DEFAULTS = {
  /** Messages per second per user across all their sockets; bursts up to `messageBurstFactor` times that. */
  messagesPerSecond: 10,
  messageBurstFactor: 3,
  /** Failed logins per minute, counted per username and per IP. */
  failedLoginsPerMinute: 10,
  /** Registrations per minute per IP. */
  registrationsPerMinute: 20,
} as const;

/** Default lifetimes, in seconds. */
export const TOKEN_LIFETIMES = {
  accessTokenSeconds: 15 * 60,
  refreshTokenSeconds: 30 * 24 * 60 * 60,
} as const;
