-- One GCRA step for a rate limit shared by every instance (Redis's clock is the only clock).
-- KEYS[1]: the limiter key.  ARGV[1]: emission interval in microseconds (one unit's worth of
-- time).  ARGV[2]: burst (units allowed at once).
-- Returns {1, 0} when allowed (and counted), {0, wait_us} when refused (nothing counted).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then
  tat = now
end
local allow_at = tat - interval * (burst - 1)
if now < allow_at then
  return {0, allow_at - now}
end
local new_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1)
return {1, 0}
