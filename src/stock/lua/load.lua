-- flashsale stock gate: (re)build one sale's keys from the store's figures, atomically.
-- KEYS as in buy.lua.
-- ARGV = mode ('absent' | 'replace'), stock, remaining, limit, starts, ends, cancelled,
--        lifetime (ms from now, by Redis's own clock), n (number of user/units pairs), n pairs of user, units,
--        then pairs of request id, record until the end.
-- With 'absent', a sale whose three keys all exist is left untouched (another instance
-- loaded it and may have sold since). Reply: 1 loaded, 0 left as it was.
if ARGV[1] == 'absent' and redis.call('EXISTS', KEYS[1], KEYS[2], KEYS[3]) == 3 then
  return 0
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('HSET', KEYS[1], 'stock', ARGV[2], 'remaining', ARGV[3], 'limit', ARGV[4],
  'starts', ARGV[5], 'ends', ARGV[6], 'cancelled', ARGV[7])
redis.call('HSET', KEYS[2], '_', '0')
redis.call('HSET', KEYS[3], '_', '')
local n = tonumber(ARGV[9])
local i = 10
for _ = 1, n do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
  i = i + 2
end
while i < #ARGV do
  redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1])
  i = i + 2
end
for k = 1, 3 do
  redis.call('PEXPIRE', KEYS[k], ARGV[8])
end
return 1
