-- flashsale stock gate: one atomic purchase decision.
-- KEYS[1] = {sale:N}:meta   hash: stock remaining limit starts ends cancelled
-- KEYS[2] = {sale:N}:bought hash: user id -> units held ("_" placeholder)
-- KEYS[3] = {sale:N}:reqs   hash: request id -> "user:units", "R" prefix once released
-- KEYS[4] = {sale:N}:tok:T (optional) the signed button pressed: "request" while a press
--           of it is in flight, "request|order" once it bought
-- ARGV = user, quantity, request id, now (unix ms), how long a claim in flight lasts (ms)
-- Reply: {code, a, b}; codes as in redis.rs (0 reserved, 1 sold out, 2 not enough,
-- 3 limit reached, 4 not started, 5 ended, 6 cancelled, 7 duplicate, 8 not loaded,
-- 9 replayed: the button is another request's, {9, its order or 0}).
-- Reserved is {0, units remaining, units the buyer now holds in this sale}; only then is
-- the button claimed for this request (a refused press leaves it free).
local m = redis.call('HMGET', KEYS[1], 'remaining', 'limit', 'starts', 'ends', 'cancelled')
if not m[1] then return {8} end
local claimed = false
if KEYS[4] then
  claimed = redis.call('GET', KEYS[4])
  if claimed and claimed ~= ARGV[3] and string.sub(claimed, 1, #ARGV[3] + 1) ~= ARGV[3] .. '|' then
    return {9, tonumber(string.match(claimed, '|(%d+)$')) or 0}
  end
end
if redis.call('HEXISTS', KEYS[3], ARGV[3]) == 1 then return {7} end
if m[5] == '1' then return {6} end
local now = tonumber(ARGV[4])
if now < tonumber(m[3]) then return {4, tonumber(m[3])} end
if now >= tonumber(m[4]) then return {5} end
local qty = tonumber(ARGV[2])
local limit = tonumber(m[2])
local held = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if held + qty > limit then return {3, held, limit} end
local remaining = tonumber(m[1])
if remaining <= 0 then return {1} end
if remaining < qty then return {2, remaining} end
-- Never reserve against half a sale: a missing per-user or request hash means "reload".
if redis.call('EXISTS', KEYS[2], KEYS[3]) < 2 then return {8} end
redis.call('HINCRBY', KEYS[1], 'remaining', -qty)
local now_held = redis.call('HINCRBY', KEYS[2], ARGV[1], qty)
redis.call('HSET', KEYS[3], ARGV[3], ARGV[1] .. ':' .. ARGV[2])
if KEYS[4] and not claimed then redis.call('SET', KEYS[4], ARGV[3], 'PX', ARGV[5]) end
return {0, remaining - qty, now_held}
