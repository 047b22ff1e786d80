import { luaScript } from './connection.js';

// Every step that touches more than one key, or reads then writes, is one Lua script: Redis runs
// a script alone, so concurrent producers and consumers never see a half-done step, and a crash
// of the caller cannot leave one. All keys of a script share the account's hash tag.

// Milliseconds by the server's clock: leases end by one clock, whichever instance claimed.
const NOW = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
`;

/**
 * KEYS: events. ARGV: maxDepth, then event_id, event_name, payload per event. Stores events in
 * order while the stream holds fewer than maxDepth entries; returns how many it stored (the rest
 * are refused). Never trims: MAXLEN would delete entries still pending, without an error.
 */
export const PUSH = luaScript(`
local room = tonumber(ARGV[1]) - redis.call('XLEN', KEYS[1])
local stored = 0
for i = 2, #ARGV, 3 do
  if stored >= room then break end
  redis.call('XADD', KEYS[1], '*', 'i', ARGV[i], 'n', ARGV[i + 1], 'p', ARGV[i + 2])
  stored = stored + 1
end
return stored
`);

/**
 * KEYS: events, leases. ARGV: group, consumer, max, leaseMs. Returns up to max entries as
 * { id, fields, attempts }, oldest first: first those whose lease or release delay has ended
 * (moved to this consumer with XCLAIM, which counts the delivery), then new ones (XREADGROUP >).
 * Each gets a lease end of now + leaseMs in the leases ZSET.
 *
 * Why a ZSET and not XAUTOCLAIM's min-idle: a lease is chosen per claim (the interface's
 * leaseMs) and a release sets its own delay, while min-idle is one number for every entry.
 * The ZSET finds due entries in O(log n), where XAUTOCLAIM would scan the whole pending list,
 * and a whole backlog waiting out an outage sits there. A crashed consumer's entries fall due
 * when their lease ends, exactly like a release.
 */
export const CLAIM = luaScript(`${NOW}
local max = tonumber(ARGV[3])
local leaseEnd = now + tonumber(ARGV[4])
local claimed = {}
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, max)
local function older(a, b)
  local am, as = string.match(a, '(%d+)-(%d+)')
  local bm, bs = string.match(b, '(%d+)-(%d+)')
  if am ~= bm then return tonumber(am) < tonumber(bm) end
  return tonumber(as) < tonumber(bs)
end
table.sort(due, older)
for _, id in ipairs(due) do
  -- The delivery count before this claim is the attempts so far; XCLAIM adds this one.
  local pending = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1)
  local entry = false
  if #pending > 0 then entry = redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, id)[1] end
  if entry and entry[2] then
    claimed[#claimed + 1] = { id, entry[2], pending[1][4] }
    redis.call('ZADD', KEYS[2], leaseEnd, id)
  else
    -- Deleted by hand (XAUTOCLAIM's "deleted ids" case): nothing left to deliver.
    redis.call('XACK', KEYS[1], ARGV[1], id)
    redis.call('ZREM', KEYS[2], id)
  end
end
if #claimed < max then
  local read = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', max - #claimed,
    'STREAMS', KEYS[1], '>')
  if read then
    for _, entry in ipairs(read[1][2]) do
      claimed[#claimed + 1] = { entry[1], entry[2], 0 }
      redis.call('ZADD', KEYS[2], leaseEnd, entry[1])
    end
  end
end
return claimed
`);

/**
 * KEYS: events, leases. ARGV: group, then ids. XACK + XDEL + ZREM per id, so the stream's
 * length stays the backlog. Only ids pending in the group are deleted: an unknown or stale id
 * touches nothing. Returns how many were removed.
 */
export const ACK = luaScript(`
local removed = 0
for i = 2, #ARGV do
  if redis.call('XACK', KEYS[1], ARGV[1], ARGV[i]) == 1 then
    redis.call('XDEL', KEYS[1], ARGV[i])
    redis.call('ZREM', KEYS[2], ARGV[i])
    removed = removed + 1
  end
end
return removed
`);

/**
 * KEYS: leases. ARGV: delayMs, then ids. A release moves the lease end of entries still leased
 * (ZADD XX: an acked id is not added back) to now + delayMs; the next claim after that takes
 * them, counting the attempt. The entry stays in the pending list meanwhile, so it is never
 * lost and never read as new.
 */
export const RELEASE = luaScript(`${NOW}
local due = now + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', due, ARGV[i]) end
return 0
`);

/**
 * KEYS: dead. ARGV: maxLength, reason, then event_id, event_name, payload per event. Appends the
 * rejected events with the reason. This stream is a record, not a work queue: trimming its
 * oldest past maxLength (approximately) loses nothing waiting for delivery.
 */
export const DEAD_LETTER = luaScript(`
for i = 3, #ARGV, 3 do
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'i', ARGV[i], 'n', ARGV[i + 1],
    'p', ARGV[i + 2], 'reason', ARGV[2])
end
return 0
`);

/**
 * KEYS: rate, pause. ARGV: intervalMs, toleranceMs. GCRA: one stored value per ad account, the
 * theoretical arrival time (TAT). A request may start when now ≥ TAT − tolerance (the burst);
 * it moves TAT one interval on. A Retry-After pause comes first. Returns { waitMs, pausedMs }:
 * { 0, 0 } means taken; otherwise nothing was taken and the caller waits waitMs.
 */
export const TAKE = luaScript(`${NOW}
local resumeAt = tonumber(redis.call('GET', KEYS[2]) or '0')
if resumeAt > now then return { math.ceil(resumeAt - now), math.ceil(resumeAt - now) } end
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
if tat - tolerance > now then return { math.ceil(tat - tolerance - now), 0 } end
tat = tat + interval
redis.call('SET', KEYS[1], string.format('%.3f', tat), 'PX', math.ceil(tat - now) + 1)
return { 0, 0 }
`);

/**
 * KEYS: pause. ARGV: ms. Holds every instance's requests until now + ms (a 429's Retry-After is
 * per ad account); never shortens a pause already set. Returns the pause left, in ms.
 */
export const PAUSE = luaScript(`${NOW}
local resumeAt = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now + tonumber(ARGV[1]))
redis.call('SET', KEYS[1], string.format('%.3f', resumeAt), 'PX', math.ceil(resumeAt - now) + 1)
return math.ceil(resumeAt - now)
`);
