/**
 * Lua scripts of `RedisPresenceStore`, each atomic in Redis. A user's sockets are a sorted set (member: socket id,
 * score: the time it expires unless its instance refreshes it); one more sorted set indexes every socket by that
 * expiry (member: `userId\nsocketId`) so a sweep finds expired sockets without scanning users. Times are
 * milliseconds since the epoch, passed by the caller.
 */

/** KEYS: user set, expiry index. ARGV: now, expiresAt, socketId, userId, keyTtlMs. Returns 1 when first. */
export const ADD_SOCKET = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local live = redis.call('ZCARD', KEYS[1])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4] .. '\\n' .. ARGV[3])
if live == 0 then return 1 end
return 0
`;

/** KEYS: user set, expiry index. ARGV: now, socketId, userId. Returns 1 when it was the user's last live socket. */
export const REMOVE_SOCKET = `
redis.call('ZREM', KEYS[2], ARGV[3] .. '\\n' .. ARGV[2])
local removed = redis.call('ZREM', KEYS[1], ARGV[2])
if removed == 0 then return 0 end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) == 0 then return 1 end
return 0
`;

/**
 * Refreshes this instance's sockets. KEYS: expiry index, then one user set per socket. ARGV: now, expiresAt,
 * keyTtlMs, then userId and socketId per socket. Returns the users who had no live socket before (restored).
 */
export const REFRESH_SOCKETS = `
local restored = {}
for i = 2, #KEYS do
  local user = ARGV[2 * i]
  local socket = ARGV[2 * i + 1]
  local live = redis.call('ZCOUNT', KEYS[i], '(' .. ARGV[1], '+inf')
  redis.call('ZADD', KEYS[i], ARGV[2], socket)
  redis.call('PEXPIRE', KEYS[i], ARGV[3])
  redis.call('ZADD', KEYS[1], ARGV[2], user .. '\\n' .. socket)
  if live == 0 then table.insert(restored, user) end
end
return restored
`;

/**
 * Forgets expired sockets. KEYS: expiry index. ARGV: now, batch size, user-set key prefix. Returns the users whose
 * last socket this removed (each once, to one caller).
 */
export const SWEEP_EXPIRED = `
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
local offline = {}
for _, entry in ipairs(expired) do
  local cut = string.find(entry, '\\n', 1, true)
  local user = string.sub(entry, 1, cut - 1)
  local key = ARGV[3] .. user
  redis.call('ZREM', KEYS[1], entry)
  if redis.call('ZREM', key, string.sub(entry, cut + 1)) == 1 and redis.call('ZCARD', key) == 0 then
    table.insert(offline, user)
  end
end
return offline
`;
