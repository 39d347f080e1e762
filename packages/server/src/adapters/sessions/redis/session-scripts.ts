import { defineLuaScript } from '../../bus/redis/redis-script.js';

// Data under the prefix P (every script gets P as ARGV[1] and the caller's clock as ARGV[2]):
//   P..'nodes'      ZSET  node → expiresAt (ms): a node's entries count while expiresAt > now
//   P..'beats'      HASH  node → time of its last heartbeat (the users' "last seen" if it dies)
//   P..'u:'..user   HASH  connection field → node holding it
//   P..'n:'..node   HASH  user → how many of the user's entries the node holds (what a sweep walks)
// A user goes offline exactly when their hash becomes empty, and whoever empties it (remove or sweep)
// reports it, inside one script: that is what makes the report exactly once across nodes.
const PRELUDE = `
local prefix = ARGV[1]
local now = tonumber(ARGV[2])
local nodesKey = prefix .. 'nodes'
local beatsKey = prefix .. 'beats'
local liveness = {}

-- A node missing from the set (swept, or never registered) counts as dead.
local function alive(node)
  local known = liveness[node]
  if known == nil then
    local expiresAt = redis.call('ZSCORE', nodesKey, node)
    known = expiresAt ~= false and tonumber(expiresAt) > now
    liveness[node] = known
  end
  return known
end

local function unindex(node, userId)
  local indexKey = prefix .. 'n:' .. node
  if redis.call('HINCRBY', indexKey, userId, -1) <= 0 then redis.call('HDEL', indexKey, userId) end
end

-- Drops the user's entries held by dead nodes. Returns the live entries left, how many were dropped,
-- and the latest last heartbeat among the dead holders.
local function dropDead(userId)
  local userKey = prefix .. 'u:' .. userId
  local entries = redis.call('HGETALL', userKey)
  local live, dropped, lastSeen = 0, 0, 0
  for i = 1, #entries, 2 do
    local node = entries[i + 1]
    if alive(node) then
      live = live + 1
    else
      redis.call('HDEL', userKey, entries[i])
      redis.call('HDEL', prefix .. 'n:' .. node, userId)
      dropped = dropped + 1
      local beat = tonumber(redis.call('HGET', beatsKey, node) or now)
      if beat > lastSeen then lastSeen = beat end
    end
  end
  return live, dropped, lastSeen
end
`;

/** ARGV: P, now, user, field, node → 1 when the user had no live entry before (first for user). */
export const ADD = defineLuaScript(`${PRELUDE}
local userId, field, node = ARGV[3], ARGV[4], ARGV[5]
local userKey = prefix .. 'u:' .. userId
local live = dropDead(userId)
local previous = redis.call('HGET', userKey, field)
if previous == node then return 0 end
if previous then unindex(previous, userId) end
redis.call('HSET', userKey, field, node)
redis.call('HINCRBY', prefix .. 'n:' .. node, userId, 1)
if live == 0 then return 1 end
return 0
`);

/** ARGV: P, now, user, field → 1 when this removal left the user with no entry (last for user). */
export const REMOVE = defineLuaScript(`${PRELUDE}
local userId, field = ARGV[3], ARGV[4]
local userKey = prefix .. 'u:' .. userId
local holder = redis.call('HGET', userKey, field)
if not holder then return 0 end
redis.call('HDEL', userKey, field)
unindex(holder, userId)
local live = dropDead(userId)
if live == 0 then return 1 end
return 0
`);

/** ARGV: P, now, user → 1 when a live node holds one of the user's connections. */
export const IS_ONLINE = defineLuaScript(`${PRELUDE}
for _, node in ipairs(redis.call('HVALS', prefix .. 'u:' .. ARGV[3])) do
  if alive(node) then return 1 end
end
return 0
`);

/** ARGV: P, now, user → the fields of the user's entries on live nodes. */
export const LIVE_FIELDS = defineLuaScript(`${PRELUDE}
local entries = redis.call('HGETALL', prefix .. 'u:' .. ARGV[3])
local fields = {}
for i = 1, #entries, 2 do
  if alive(entries[i + 1]) then fields[#fields + 1] = entries[i] end
end
return fields
`);

/** ARGV: P, now, node, expiresAt → 0 on time, 1 when the node was not registered (swept, or new), 2 when it had expired. */
export const HEARTBEAT = defineLuaScript(`${PRELUDE}
local known = redis.call('ZSCORE', nodesKey, ARGV[3])
redis.call('ZADD', nodesKey, ARGV[4], ARGV[3])
redis.call('HSET', beatsKey, ARGV[3], now)
if not known then return 1 end
if tonumber(known) <= now then return 2 end
return 0
`);

/** ARGV: P, now, node → expires the node now (when still registered), leaving its entries to the sweep. */
export const RETIRE = defineLuaScript(`${PRELUDE}
if redis.call('ZSCORE', nodesKey, ARGV[3]) then
  redis.call('ZADD', nodesKey, now, ARGV[3])
  redis.call('HSET', beatsKey, ARGV[3], now)
end
return 0
`);

/**
 * ARGV: P, now, budget → { more, user1, lastSeen1, user2, lastSeen2, … }: walks the users of dead nodes
 * (at most \`budget\` of them, so one call never holds the server long), drops their dead entries, and
 * lists those left with none. A node is forgotten once it holds nobody; \`more\` is 1 when the budget ran out.
 */
export const SWEEP = defineLuaScript(`${PRELUDE}
local budget = tonumber(ARGV[3])
local out = { 0 }
for _, node in ipairs(redis.call('ZRANGEBYSCORE', nodesKey, '-inf', now)) do
  local indexKey = prefix .. 'n:' .. node
  while budget > 0 do
    local users = redis.call('HRANDFIELD', indexKey, budget)
    if #users == 0 then break end
    for _, userId in ipairs(users) do
      local live, dropped, lastSeen = dropDead(userId)
      redis.call('HDEL', indexKey, userId)
      if live == 0 and dropped > 0 then
        out[#out + 1] = userId
        out[#out + 1] = lastSeen
      end
      budget = budget - 1
    end
  end
  if redis.call('EXISTS', indexKey) == 1 then
    out[1] = 1
    break
  end
  redis.call('ZREM', nodesKey, node)
  redis.call('HDEL', beatsKey, node)
end
return out
`);
