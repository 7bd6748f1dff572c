-- flashsale stock gate: raise one sale's stock to the store's new total, atomically with buys.
-- KEYS as in buy.lua; ARGV[1] = the new stock.
-- Idempotent: a stock already at or above ARGV[1] is left as it is (applied before, or the
-- sale was rebuilt from the store after the store's write), so units are never added twice.
-- Reply: {0, stock, remaining} raised, {1, stock, remaining} unchanged, {2} not loaded.
if redis.call('EXISTS', KEYS[1], KEYS[2], KEYS[3]) < 3 then return {2} end
local target = tonumber(ARGV[1])
local stock = tonumber(redis.call('HGET', KEYS[1], 'stock'))
local remaining = tonumber(redis.call('HGET', KEYS[1], 'remaining'))
if target <= stock then return {1, stock, remaining} end
remaining = remaining + (target - stock)
redis.call('HSET', KEYS[1], 'stock', target, 'remaining', remaining)
return {0, target, remaining}
