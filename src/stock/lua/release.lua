-- flashsale stock gate: give back the units of one reservation, at most once.
-- KEYS as in buy.lua; ARGV[1] = request id.
-- Reply: {0, units} released, {1} already released, {2} unknown request, {3} not loaded.
if redis.call('EXISTS', KEYS[1], KEYS[2], KEYS[3]) < 3 then return {3} end
local rec = redis.call('HGET', KEYS[3], ARGV[1])
if not rec then return {2} end
if string.sub(rec, 1, 1) == 'R' then return {1} end
local sep = string.find(rec, ':', 1, true)
local user = string.sub(rec, 1, sep - 1)
local units = tonumber(string.sub(rec, sep + 1))
local stock = tonumber(redis.call('HGET', KEYS[1], 'stock'))
local remaining = tonumber(redis.call('HGET', KEYS[1], 'remaining'))
redis.call('HSET', KEYS[1], 'remaining', math.min(stock, remaining + units))
local held = tonumber(redis.call('HGET', KEYS[2], user) or '0')
redis.call('HSET', KEYS[2], user, math.max(0, held - units))
redis.call('HSET', KEYS[3], ARGV[1], 'R' .. rec)
return {0, units}
